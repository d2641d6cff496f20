-- Revision: 7e9070000001
-- Revises: 3e76e0000001
-- Message: reports view over both branches
-- Created: 2026-11-06T09:00:00Z

-- +upgrade
CREATE VIEW open_invoices AS
    SELECT u.name, i.total_cents FROM invoices i JOIN users u ON u.id = i.user_id WHERE i.status = 'open';

-- +downgrade
DROP VIEW open_invoices;
