-- Revision: e5b8d0c2a944
-- Revises: c07e9a1f5d33
-- Message: seed the welcome post
-- Created: 2026-11-04T09:00:00Z

-- +upgrade
INSERT INTO authors (id, name, email) VALUES (1, 'Admin', 'admin@example.com');
INSERT INTO posts (id, author_id, title, body) VALUES (1, 1, 'Welcome', 'It''s live; say hello.');

-- +downgrade
DELETE FROM posts WHERE id = 1;
DELETE FROM authors WHERE id = 1;
