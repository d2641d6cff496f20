-- Revision: 002
-- Revises: 001
-- Message: tags on notes
-- Created: 2026-11-22T12:05:00Z

-- +upgrade
ALTER TABLE notes ADD COLUMN tags TEXT;

-- +downgrade
ALTER TABLE notes DROP COLUMN tags;
