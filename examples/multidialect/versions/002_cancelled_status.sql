-- Revision: 002
-- Revises: 001
-- Message: a 'cancelled' status
-- Created: 2026-11-02T09:00:00Z

-- PostgreSQL cannot use a new enum value in the transaction that adds it,
-- so ALTER TYPE ... ADD VALUE runs on its own, outside the revision's transaction.
-- +upgrade postgresql autocommit
ALTER TYPE run_status ADD VALUE IF NOT EXISTS 'cancelled';

-- +upgrade mysql
ALTER TABLE runs MODIFY status ENUM('queued', 'running', 'done', 'cancelled') NOT NULL DEFAULT 'queued';

-- SQLite cannot alter a CHECK constraint: rebuild the table, the documented way.
-- +upgrade sqlite
CREATE TABLE runs_new (
    id INTEGER PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'cancelled'))
);
INSERT INTO runs_new (id, name, status) SELECT id, name, status FROM runs;
DROP TABLE runs;
ALTER TABLE runs_new RENAME TO runs;

-- +upgrade
INSERT INTO runs (name, status) VALUES ('aborted deploy', 'cancelled');

-- PostgreSQL cannot drop an enum value; the downgrade only removes the rows that use it.
-- +downgrade
DELETE FROM runs WHERE status = 'cancelled';

-- +downgrade mysql
ALTER TABLE runs MODIFY status ENUM('queued', 'running', 'done') NOT NULL DEFAULT 'queued';
