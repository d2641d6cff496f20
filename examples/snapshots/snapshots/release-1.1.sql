PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "psmigrate_version" (version_num VARCHAR(64) NOT NULL, CONSTRAINT "psmigrate_version_pkc" PRIMARY KEY (version_num));
INSERT INTO psmigrate_version VALUES('0002');
CREATE TABLE IF NOT EXISTS "psmigrate_journal" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    revision VARCHAR(64) NOT NULL,
    operation VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    checksum VARCHAR(64),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    duration_ms INTEGER,
    applied_by VARCHAR(128),
    host VARCHAR(255),
    tool_version VARCHAR(32),
    error TEXT,
    rolled_back INTEGER NOT NULL DEFAULT 0
);
INSERT INTO psmigrate_journal VALUES(1,'0001','upgrade','applied','f0880e1e8d4c8e6e759acc2f2225e0ab6bbff2e53b0cf1c168b5051b618949a3','2026-11-22 14:04:14.832632','2026-11-22 14:04:14.8512037',18,'root','vm','0.1.0',NULL,0);
INSERT INTO psmigrate_journal VALUES(2,'0002','upgrade','applied','532a25cbce74722a41ee7eb1284a96a9a312ecf9a008f94c69c56155c0611128','2026-11-22 14:04:14.857579','2026-11-22 14:04:14.8580363',0,'root','vm','0.1.0',NULL,0);
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
, email TEXT);
INSERT INTO users VALUES(1,'Grace','grace@navy.mil');
INSERT INTO users VALUES(2,'Edsger',NULL);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('psmigrate_journal',2);
COMMIT;
