-- Revision: 001
-- Message: notes
-- Created: 2026-11-22T12:00:00Z

-- +upgrade
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);

-- +downgrade
DROP TABLE notes;
