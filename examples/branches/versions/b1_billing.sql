-- Revision: b10000000001
-- Revises: a1b2c3d4e5f6
-- Message: billing: invoices
-- Created: 2026-11-02T09:00:00Z
-- Branch-Labels: billing

-- +upgrade
CREATE TABLE invoices (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), total_cents INTEGER NOT NULL);

-- +downgrade
DROP TABLE invoices;
