-- Revision: 3f1c2a9e0b01
-- Revises:
-- Message: create authors
-- Created: 2026-11-01T09:00:00Z

-- +upgrade
CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE
);

-- +downgrade
DROP TABLE authors;
