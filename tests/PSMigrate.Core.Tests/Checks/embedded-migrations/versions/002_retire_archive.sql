-- Revision: 002
-- Revises: 001
-- Message: the archive is empty and retired
-- Created: 2026-12-02T09:00:00Z

-- +upgrade
-- psmigrate:ignore PSM001
DROP TABLE users_archive;

-- +downgrade
CREATE TABLE users_archive (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
