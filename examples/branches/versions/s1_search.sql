-- Revision: 5ea4c0000001
-- Revises: a1b2c3d4e5f6
-- Message: search: user name index
-- Created: 2026-11-02T10:00:00Z
-- Branch-Labels: search

-- +upgrade
CREATE INDEX users_name ON users (name);

-- +downgrade
DROP INDEX users_name;
