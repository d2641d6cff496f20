-- Revision: 0003
-- Revises: 0002
-- Message: orders
-- Created: 2026-06-15T09:00:00Z

-- +upgrade
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    total NUMERIC NOT NULL DEFAULT 0
);
CREATE INDEX orders_user ON orders (user_id);

-- +downgrade
DROP TABLE orders;
