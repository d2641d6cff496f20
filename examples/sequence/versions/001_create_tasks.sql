-- Revision: 001
-- Message: create tasks
-- Created: 2026-11-01T09:00:00Z

-- +upgrade
CREATE TABLE tasks (id INTEGER PRIMARY KEY, title TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0);

-- +downgrade
DROP TABLE tasks;
