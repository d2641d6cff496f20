-- Revision: b10000000002
-- Revises: b10000000001
-- Message: billing: invoice status
-- Created: 2026-11-03T09:00:00Z

-- +upgrade
ALTER TABLE invoices ADD COLUMN status TEXT NOT NULL DEFAULT 'open';

-- +downgrade
ALTER TABLE invoices DROP COLUMN status;
