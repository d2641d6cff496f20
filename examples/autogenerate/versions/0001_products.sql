-- Revision: 0001
-- Revises:
-- Message: products
-- Created: 2026-11-01T09:00:00Z

-- +upgrade
CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    price NUMERIC NOT NULL
);

-- +downgrade
DROP TABLE products;
