-- Revision: 0004
-- Revises: 0003
-- Message: backfill email
-- Created: 2026-09-01T09:00:00Z

-- +upgrade
-- Users from before 1.1 have no address; give each the one the mail system derives.
UPDATE users SET email = lower(name) || '@example.com' WHERE email IS NULL;

