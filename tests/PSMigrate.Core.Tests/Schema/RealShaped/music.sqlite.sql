-- A music-store schema shaped like the SQLite sample databases: a dozen tables with rows, views,
-- triggers, a WITHOUT ROWID table, a STRICT table, a generated column and indexes written with
-- and without ASC. Written for PSMigrate's tests; loaded with sqlite3 as a dump would be.
CREATE TABLE genre (genre_id INTEGER PRIMARY KEY, name NVARCHAR(120));
CREATE TABLE media_type (media_type_id INTEGER PRIMARY KEY, name NVARCHAR(120));
CREATE TABLE artist (artist_id INTEGER PRIMARY KEY, name NVARCHAR(120), updated_at TEXT);
CREATE TABLE album (album_id INTEGER PRIMARY KEY, title NVARCHAR(160) NOT NULL, artist_id INTEGER NOT NULL REFERENCES artist (artist_id), updated_at TEXT);
CREATE INDEX ifk_album_artist_id ON album (artist_id ASC);
CREATE TABLE track (
    track_id INTEGER PRIMARY KEY,
    name NVARCHAR(200) NOT NULL,
    album_id INTEGER REFERENCES album (album_id),
    media_type_id INTEGER NOT NULL REFERENCES media_type (media_type_id),
    genre_id INTEGER REFERENCES genre (genre_id),
    composer NVARCHAR(220),
    milliseconds INTEGER NOT NULL,
    bytes INTEGER,
    unit_price NUMERIC(10,2) NOT NULL,
    seconds INTEGER GENERATED ALWAYS AS (milliseconds / 1000) VIRTUAL
);
CREATE INDEX ifk_track_album_id ON track (album_id);
CREATE INDEX ifk_track_genre_id ON track (genre_id ASC);
CREATE TABLE employee (employee_id INTEGER PRIMARY KEY, last_name NVARCHAR(20) NOT NULL, first_name NVARCHAR(20) NOT NULL,
    title NVARCHAR(30), reports_to INTEGER REFERENCES employee (employee_id), hire_date DATETIME, email NVARCHAR(60));
CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, first_name NVARCHAR(40) NOT NULL, last_name NVARCHAR(20) NOT NULL,
    company NVARCHAR(80), country NVARCHAR(40), email NVARCHAR(60) NOT NULL, support_rep_id INTEGER REFERENCES employee (employee_id), updated_at TEXT);
CREATE INDEX ifk_customer_support_rep_id ON customer (support_rep_id);
CREATE TABLE invoice (invoice_id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customer (customer_id),
    invoice_date DATETIME NOT NULL, billing_country NVARCHAR(40), total NUMERIC(10,2) NOT NULL CHECK (total >= 0));
CREATE TABLE invoice_line (invoice_line_id INTEGER PRIMARY KEY, invoice_id INTEGER NOT NULL REFERENCES invoice (invoice_id),
    track_id INTEGER NOT NULL REFERENCES track (track_id), unit_price NUMERIC(10,2) NOT NULL, quantity INTEGER NOT NULL DEFAULT 1);
CREATE INDEX ifk_invoice_line_invoice_id ON invoice_line (invoice_id ASC, track_id);
CREATE TABLE playlist (playlist_id INTEGER PRIMARY KEY, name NVARCHAR(120));
CREATE TABLE playlist_track (playlist_id INTEGER NOT NULL REFERENCES playlist (playlist_id), track_id INTEGER NOT NULL REFERENCES track (track_id),
    PRIMARY KEY (playlist_id, track_id)) WITHOUT ROWID;
CREATE TABLE setting (key TEXT PRIMARY KEY, value ANY, changed INTEGER NOT NULL DEFAULT 0) STRICT;

CREATE VIEW album_tracks AS SELECT a.title AS album, t.name AS track, t.milliseconds FROM album a JOIN track t ON t.album_id = a.album_id;
CREATE VIEW customer_spend AS SELECT c.customer_id, c.email, SUM(i.total) AS spent FROM customer c JOIN invoice i ON i.customer_id = c.customer_id GROUP BY c.customer_id, c.email;

-- +statement-begin
CREATE TRIGGER artist_touch AFTER UPDATE ON artist BEGIN
    UPDATE artist SET updated_at = datetime('now') WHERE artist_id = NEW.artist_id;
END;
-- +statement-end
-- +statement-begin
CREATE TRIGGER album_touch AFTER UPDATE ON album BEGIN
    UPDATE album SET updated_at = datetime('now') WHERE album_id = NEW.album_id;
END;
-- +statement-end
-- +statement-begin
CREATE TRIGGER customer_touch AFTER UPDATE ON customer BEGIN
    UPDATE customer SET updated_at = datetime('now') WHERE customer_id = NEW.customer_id;
END;
-- +statement-end

INSERT INTO genre VALUES (1, 'Rock'), (2, 'Jazz'), (3, 'Metal');
INSERT INTO media_type VALUES (1, 'MPEG audio file'), (2, 'Protected AAC audio file');
INSERT INTO artist VALUES (1, 'AC/DC', NULL), (2, 'Accept', NULL), (3, 'Aerosmith', NULL);
INSERT INTO album VALUES (1, 'For Those About To Rock We Salute You', 1, NULL), (2, 'Balls to the Wall', 2, NULL), (3, 'Restless and Wild', 2, NULL);
INSERT INTO track (track_id, name, album_id, media_type_id, genre_id, composer, milliseconds, bytes, unit_price) VALUES
    (1, 'For Those About To Rock (We Salute You)', 1, 1, 1, 'Angus Young, Malcolm Young, Brian Johnson', 343719, 11170334, 0.99),
    (2, 'Balls to the Wall', 2, 2, 1, NULL, 342562, 5510424, 0.99),
    (3, 'Fast As a Shark', 3, 2, 1, 'F. Baltes, S. Kaufman, U. Dirkscneider & W. Hoffman', 230619, 3990994, 0.99);
INSERT INTO employee VALUES (1, 'Adams', 'Andrew', 'General Manager', NULL, '2002-08-14', 'andrew@example.org'), (2, 'Edwards', 'Nancy', 'Sales Manager', 1, '2002-05-01', 'nancy@example.org');
INSERT INTO customer VALUES (1, 'Luís', 'Gonçalves', 'Embraer', 'Brazil', 'luisg@example.org', 2, NULL), (2, 'Leonie', 'Köhler', NULL, 'Germany', 'leonekohler@example.org', 2, NULL);
INSERT INTO invoice VALUES (1, 2, '2026-01-01', 'Germany', 1.98), (2, 1, '2026-01-02', 'Brazil', 0.99);
INSERT INTO invoice_line VALUES (1, 1, 1, 0.99, 1), (2, 1, 2, 0.99, 1), (3, 2, 3, 0.99, 1);
INSERT INTO playlist VALUES (1, 'Music'), (2, 'Heavy Metal Classic');
INSERT INTO playlist_track VALUES (1, 1), (1, 2), (2, 3);
INSERT INTO setting VALUES ('theme', 'dark', 0), ('volume', 11, 0);
