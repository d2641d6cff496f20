-- Revision: 001
-- Message: users and their archive
-- Created: 2026-12-01T09:00:00Z

-- +upgrade
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE users_archive (id INTEGER PRIMARY KEY, name TEXT NOT NULL);

-- +downgrade
DROP TABLE users_archive;
DROP TABLE users;
