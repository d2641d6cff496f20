-- Revision: 0002
-- Revises: 0001
-- Message: user email
-- Created: 2026-03-02T09:00:00Z

-- +upgrade
ALTER TABLE users ADD COLUMN email TEXT;

-- +downgrade
ALTER TABLE users DROP COLUMN email;
