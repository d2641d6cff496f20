-- A DVD-rental schema shaped like the sample databases teams test against: a dozen tables with
-- rows, views over them, one trigger name on many tables, a domain, a partitioned table, a
-- materialized view, a GIN index, a generated column and a standalone sequence. Written for
-- PSMigrate's tests; loaded with psql as a dump would be.
CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');
CREATE SEQUENCE receipt_seq START WITH 1000;

CREATE FUNCTION last_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.last_update = CURRENT_TIMESTAMP;
    RETURN NEW;
END
$$;

CREATE TABLE language (language_id integer PRIMARY KEY, name character(20) NOT NULL, last_update timestamp NOT NULL DEFAULT now());
CREATE TABLE category (category_id integer PRIMARY KEY, name varchar(25) NOT NULL, last_update timestamp NOT NULL DEFAULT now());
CREATE TABLE actor (actor_id integer PRIMARY KEY, first_name varchar(45) NOT NULL, last_name varchar(45) NOT NULL,
    last_update timestamp NOT NULL DEFAULT now());
CREATE INDEX idx_actor_last_name ON actor (last_name);
CREATE TABLE film (
    film_id integer PRIMARY KEY,
    title varchar(255) NOT NULL,
    description text,
    release_year year,
    language_id integer NOT NULL REFERENCES language (language_id) ON UPDATE CASCADE,
    rental_duration smallint NOT NULL DEFAULT 3,
    rental_rate numeric(4,2) NOT NULL DEFAULT 4.99,
    length smallint,
    rating mpaa_rating DEFAULT 'G',
    last_update timestamp NOT NULL DEFAULT now(),
    fulltext tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || coalesce(description, ''))) STORED
);
CREATE INDEX film_fulltext_idx ON film USING gin (fulltext);
CREATE INDEX idx_title ON film (title);
CREATE TABLE film_actor (actor_id integer NOT NULL REFERENCES actor (actor_id), film_id integer NOT NULL REFERENCES film (film_id),
    last_update timestamp NOT NULL DEFAULT now(), PRIMARY KEY (actor_id, film_id));
CREATE TABLE film_category (film_id integer NOT NULL REFERENCES film (film_id), category_id integer NOT NULL REFERENCES category (category_id),
    last_update timestamp NOT NULL DEFAULT now(), PRIMARY KEY (film_id, category_id));
CREATE TABLE country (country_id integer PRIMARY KEY, country varchar(50) NOT NULL, last_update timestamp NOT NULL DEFAULT now());
CREATE TABLE city (city_id integer PRIMARY KEY, city varchar(50) NOT NULL, country_id integer NOT NULL REFERENCES country (country_id),
    last_update timestamp NOT NULL DEFAULT now());
CREATE TABLE address (address_id integer PRIMARY KEY, address varchar(50) NOT NULL, district varchar(20) NOT NULL,
    city_id integer NOT NULL REFERENCES city (city_id), postal_code varchar(10), phone varchar(20) NOT NULL, last_update timestamp NOT NULL DEFAULT now());
CREATE TABLE store (store_id integer PRIMARY KEY, address_id integer NOT NULL REFERENCES address (address_id), last_update timestamp NOT NULL DEFAULT now());
CREATE TABLE customer (customer_id integer PRIMARY KEY, store_id integer NOT NULL REFERENCES store (store_id), first_name varchar(45) NOT NULL,
    last_name varchar(45) NOT NULL, email varchar(50), address_id integer NOT NULL REFERENCES address (address_id), active boolean NOT NULL DEFAULT true,
    create_date date NOT NULL DEFAULT CURRENT_DATE, last_update timestamp DEFAULT now(), CONSTRAINT customer_email_key UNIQUE (email));
CREATE TABLE inventory (inventory_id integer PRIMARY KEY, film_id integer NOT NULL REFERENCES film (film_id), store_id integer NOT NULL REFERENCES store (store_id),
    last_update timestamp NOT NULL DEFAULT now());
CREATE TABLE rental (rental_id integer PRIMARY KEY, rental_date timestamp NOT NULL, inventory_id integer NOT NULL REFERENCES inventory (inventory_id),
    customer_id integer NOT NULL REFERENCES customer (customer_id), return_date timestamp, last_update timestamp NOT NULL DEFAULT now(),
    CONSTRAINT rental_dates CHECK (return_date IS NULL OR return_date >= rental_date));
CREATE UNIQUE INDEX idx_unq_rental ON rental (rental_date, inventory_id, customer_id);
CREATE TABLE payment (payment_id integer NOT NULL, receipt integer DEFAULT nextval('receipt_seq'), customer_id integer NOT NULL,
    rental_id integer NOT NULL, amount numeric(5,2) NOT NULL, payment_date timestamp NOT NULL) PARTITION BY RANGE (payment_date);
CREATE TABLE payment_2026_01 PARTITION OF payment FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
CREATE TABLE payment_2026_02 PARTITION OF payment FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');

CREATE TRIGGER last_updated BEFORE UPDATE ON actor FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON category FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON film FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON customer FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON store FOR EACH ROW EXECUTE FUNCTION last_updated();

CREATE VIEW film_list AS
    SELECT f.film_id AS fid, f.title, f.description, c.name AS category, f.rental_rate AS price, f.length, f.rating
    FROM film f LEFT JOIN film_category fc ON fc.film_id = f.film_id LEFT JOIN category c ON c.category_id = fc.category_id;
CREATE VIEW customer_list AS
    SELECT cu.customer_id AS id, cu.first_name || ' ' || cu.last_name AS name, a.address, a.phone, ci.city, co.country, cu.store_id AS sid
    FROM customer cu JOIN address a ON a.address_id = cu.address_id JOIN city ci ON ci.city_id = a.city_id JOIN country co ON co.country_id = ci.country_id;
CREATE MATERIALIZED VIEW rental_by_category AS
    SELECT c.name AS category, count(*) AS rentals
    FROM rental r JOIN inventory i ON i.inventory_id = r.inventory_id JOIN film_category fc ON fc.film_id = i.film_id JOIN category c ON c.category_id = fc.category_id
    GROUP BY c.name;

INSERT INTO language VALUES (1, 'English', '2026-01-01'), (2, 'Italian', '2026-01-01');
INSERT INTO category VALUES (1, 'Action', '2026-01-01'), (2, 'Animation', '2026-01-01'), (3, 'Documentary', '2026-01-01');
INSERT INTO actor VALUES (1, 'PENELOPE', 'GUINESS', '2026-01-01'), (2, 'NICK', 'WAHLBERG', '2026-01-01'), (3, 'ED', 'CHASE', '2026-01-01');
INSERT INTO film (film_id, title, description, release_year, language_id, length, rating) VALUES
    (1, 'ACADEMY DINOSAUR', 'An epic drama of a feminist and a mad scientist', 2006, 1, 86, 'PG'),
    (2, 'ACE GOLDFINGER', 'An astounding epistle of a database administrator', 2006, 1, 48, 'G'),
    (3, 'ADAPTATION HOLES', 'An astounding reflection of a lumberjack', 2006, 2, 50, 'NC-17');
INSERT INTO film_actor (actor_id, film_id) VALUES (1, 1), (2, 1), (3, 2), (1, 3);
INSERT INTO film_category (film_id, category_id) VALUES (1, 3), (2, 2), (3, 1);
INSERT INTO country VALUES (1, 'Italy', '2026-01-01'), (2, 'Japan', '2026-01-01');
INSERT INTO city VALUES (1, 'Roma', 1, '2026-01-01'), (2, 'Osaka', 2, '2026-01-01');
INSERT INTO address VALUES (1, '47 MySakila Drive', 'Lazio', 1, '00100', '555-0101', '2026-01-01'), (2, '28 MySQL Boulevard', 'Kansai', 2, NULL, '555-0102', '2026-01-01');
INSERT INTO store VALUES (1, 1, '2026-01-01'), (2, 2, '2026-01-01');
INSERT INTO customer (customer_id, store_id, first_name, last_name, email, address_id) VALUES
    (1, 1, 'MARY', 'SMITH', 'mary.smith@example.org', 1), (2, 2, 'PATRICIA', 'JOHNSON', NULL, 2);
INSERT INTO inventory (inventory_id, film_id, store_id) VALUES (1, 1, 1), (2, 2, 1), (3, 3, 2);
INSERT INTO rental (rental_id, rental_date, inventory_id, customer_id, return_date) VALUES
    (1, '2026-01-05 10:00', 1, 1, '2026-01-07 09:00'), (2, '2026-02-02 12:00', 3, 2, NULL);
INSERT INTO payment (payment_id, customer_id, rental_id, amount, payment_date) VALUES
    (1, 1, 1, 2.99, '2026-01-07 09:00'), (2, 2, 2, 4.99, '2026-02-02 12:00');
REFRESH MATERIALIZED VIEW rental_by_category;
