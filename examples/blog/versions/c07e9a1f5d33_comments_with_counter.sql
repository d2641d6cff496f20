-- Revision: c07e9a1f5d33
-- Revises: 8d24be7741c2
-- Message: comments, with a comment counter kept by a trigger
-- Created: 2026-11-03T09:00:00Z

-- +upgrade
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts (id),
    body TEXT NOT NULL  -- a ';' in a comment does not split
);
ALTER TABLE posts ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0;

-- A trigger body holds semicolons, so it is kept whole.
-- +statement-begin
CREATE TRIGGER comments_count AFTER INSERT ON comments
BEGIN
    UPDATE posts SET comment_count = comment_count + 1 WHERE id = NEW.post_id;
END;
-- +statement-end

-- +downgrade
DROP TRIGGER comments_count;
ALTER TABLE posts DROP COLUMN comment_count;
DROP TABLE comments;
