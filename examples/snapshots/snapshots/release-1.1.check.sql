-- An address a user set in release 1.1 is kept; one that was missing is filled in.
SELECT id, email FROM users WHERE name = 'Grace' AND email <> 'grace@navy.mil';
SELECT id, name FROM users WHERE email IS NULL;
