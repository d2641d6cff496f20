-- Revision: 002
-- Revises: 001
-- Message: add due date
-- Created: 2026-11-02T09:00:00Z

-- +upgrade
ALTER TABLE tasks ADD COLUMN due_on TEXT;

-- +downgrade
ALTER TABLE tasks DROP COLUMN due_on;
