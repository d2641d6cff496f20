-- Revision: 003
-- Revises: 002
-- Message: users move elsewhere
-- Created: 2026-12-03T09:00:00Z

-- +upgrade
DROP TABLE users;

-- +downgrade
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
