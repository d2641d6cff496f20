-- Revision: 003
-- Revises: 002
-- Message: tags
-- Created: 2026-11-03T09:00:00Z

-- +upgrade
CREATE TABLE tags (task_id INTEGER NOT NULL REFERENCES tasks (id), tag TEXT NOT NULL, PRIMARY KEY (task_id, tag));

-- +downgrade
DROP TABLE tags;
