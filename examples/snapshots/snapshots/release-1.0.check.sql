-- After the upgrade, every user of release 1.0 has an address, and none was lost.
SELECT id, name FROM users WHERE email IS NULL;
SELECT 'users lost' WHERE (SELECT COUNT(*) FROM users) <> 2;
