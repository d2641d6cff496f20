-- Revision: 0001
-- Revises:
-- Message: users
-- Created: 2026-01-10T09:00:00Z

-- +upgrade
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

-- +downgrade
DROP TABLE users;
