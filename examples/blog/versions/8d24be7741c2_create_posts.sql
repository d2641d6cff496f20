-- Revision: 8d24be7741c2
-- Revises: 3f1c2a9e0b01
-- Message: create posts
-- Created: 2026-11-02T09:00:00Z

-- +upgrade
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    published_at TEXT
);
CREATE INDEX posts_author ON posts (author_id);

-- +downgrade
DROP INDEX posts_author;
DROP TABLE posts;
