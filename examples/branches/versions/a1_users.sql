-- Revision: a1b2c3d4e5f6
-- Message: users
-- Created: 2026-11-01T09:00:00Z

-- +upgrade
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);

-- +downgrade
DROP TABLE users;
