-- A DVD-rental schema shaped like MySQL's sample database: a dozen tables with rows, views, triggers,
-- a FULLTEXT index, a generated column, stored routines and a partitioned table. Written for
-- PSMigrate's tests; loaded with the mysql client as a dump would be.
CREATE TABLE language (language_id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT, name CHAR(20) NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (language_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE category (category_id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT, name VARCHAR(25) NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (category_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE actor (actor_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT, first_name VARCHAR(45) NOT NULL, last_name VARCHAR(45) NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (actor_id), KEY idx_actor_last_name (last_name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE film (
  film_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT,
  title VARCHAR(128) NOT NULL,
  description TEXT DEFAULT NULL,
  release_year YEAR DEFAULT NULL,
  language_id TINYINT UNSIGNED NOT NULL,
  rental_duration TINYINT UNSIGNED NOT NULL DEFAULT 3,
  rental_rate DECIMAL(4,2) NOT NULL DEFAULT 4.99,
  length SMALLINT UNSIGNED DEFAULT NULL,
  rating ENUM('G','PG','PG-13','R','NC-17') DEFAULT 'G',
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (film_id),
  KEY idx_title (title),
  CONSTRAINT fk_film_language FOREIGN KEY (language_id) REFERENCES language (language_id) ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE film_text (film_id SMALLINT NOT NULL, title VARCHAR(255) NOT NULL, description TEXT, PRIMARY KEY (film_id),
  FULLTEXT KEY idx_title_description (title, description)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE film_actor (actor_id SMALLINT UNSIGNED NOT NULL, film_id SMALLINT UNSIGNED NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (actor_id, film_id), KEY idx_fk_film_id (film_id),
  CONSTRAINT fk_film_actor_actor FOREIGN KEY (actor_id) REFERENCES actor (actor_id) ON UPDATE CASCADE,
  CONSTRAINT fk_film_actor_film FOREIGN KEY (film_id) REFERENCES film (film_id) ON UPDATE CASCADE) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE film_category (film_id SMALLINT UNSIGNED NOT NULL, category_id TINYINT UNSIGNED NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (film_id, category_id),
  CONSTRAINT fk_film_category_film FOREIGN KEY (film_id) REFERENCES film (film_id) ON UPDATE CASCADE,
  CONSTRAINT fk_film_category_category FOREIGN KEY (category_id) REFERENCES category (category_id) ON UPDATE CASCADE) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE store (store_id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT, city VARCHAR(50) NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (store_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE customer (customer_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT, store_id TINYINT UNSIGNED NOT NULL, first_name VARCHAR(45) NOT NULL,
  last_name VARCHAR(45) NOT NULL, email VARCHAR(50) DEFAULT NULL, active BOOLEAN NOT NULL DEFAULT TRUE, create_date DATETIME NOT NULL,
  full_name VARCHAR(91) AS (CONCAT(first_name, ' ', last_name)) VIRTUAL,
  last_update TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (customer_id), KEY idx_last_name (last_name),
  CONSTRAINT fk_customer_store FOREIGN KEY (store_id) REFERENCES store (store_id) ON UPDATE CASCADE) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE inventory (inventory_id MEDIUMINT UNSIGNED NOT NULL AUTO_INCREMENT, film_id SMALLINT UNSIGNED NOT NULL, store_id TINYINT UNSIGNED NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (inventory_id), KEY idx_store_id_film_id (store_id, film_id),
  CONSTRAINT fk_inventory_store FOREIGN KEY (store_id) REFERENCES store (store_id) ON UPDATE CASCADE,
  CONSTRAINT fk_inventory_film FOREIGN KEY (film_id) REFERENCES film (film_id) ON UPDATE CASCADE) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE rental (rental_id INT NOT NULL AUTO_INCREMENT, rental_date DATETIME NOT NULL, inventory_id MEDIUMINT UNSIGNED NOT NULL,
  customer_id SMALLINT UNSIGNED NOT NULL, return_date DATETIME DEFAULT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (rental_id),
  UNIQUE KEY rental_date (rental_date, inventory_id, customer_id),
  CONSTRAINT fk_rental_inventory FOREIGN KEY (inventory_id) REFERENCES inventory (inventory_id) ON UPDATE CASCADE,
  CONSTRAINT fk_rental_customer FOREIGN KEY (customer_id) REFERENCES customer (customer_id) ON UPDATE CASCADE) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE payment_archive (payment_id INT NOT NULL, payment_date DATETIME NOT NULL, amount DECIMAL(5,2) NOT NULL, PRIMARY KEY (payment_id, payment_date))
  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
  PARTITION BY RANGE (YEAR(payment_date)) (PARTITION p2025 VALUES LESS THAN (2026), PARTITION p2026 VALUES LESS THAN (2027));

DELIMITER ;;
CREATE TRIGGER ins_film AFTER INSERT ON film FOR EACH ROW BEGIN
    INSERT INTO film_text (film_id, title, description) VALUES (NEW.film_id, NEW.title, NEW.description);
END;;
CREATE TRIGGER upd_film AFTER UPDATE ON film FOR EACH ROW BEGIN
    IF (OLD.title != NEW.title) OR (OLD.description != NEW.description) THEN
        UPDATE film_text SET title = NEW.title, description = NEW.description WHERE film_id = OLD.film_id;
    END IF;
END;;
CREATE TRIGGER customer_create_date BEFORE INSERT ON customer FOR EACH ROW SET NEW.create_date = NOW();;

CREATE PROCEDURE film_in_stock(IN p_film_id INT, IN p_store_id INT, OUT p_film_count INT)
BEGIN
    SELECT COUNT(*) INTO p_film_count FROM inventory WHERE film_id = p_film_id AND store_id = p_store_id;
END;;
CREATE FUNCTION inventory_in_stock(p_inventory_id INT) RETURNS BOOLEAN READS SQL DATA
BEGIN
    DECLARE v_out INT;
    SELECT COUNT(*) INTO v_out FROM rental WHERE inventory_id = p_inventory_id AND return_date IS NULL;
    RETURN v_out = 0;
END;;
DELIMITER ;

CREATE VIEW film_list AS
  SELECT film.film_id AS fid, film.title AS title, film.description AS description, category.name AS category, film.rental_rate AS price, film.rating AS rating
  FROM film LEFT JOIN film_category ON film_category.film_id = film.film_id LEFT JOIN category ON category.category_id = film_category.category_id;
CREATE VIEW customer_list AS
  SELECT cu.customer_id AS id, cu.full_name AS name, s.city AS city, cu.store_id AS sid FROM customer cu JOIN store s ON s.store_id = cu.store_id;

INSERT INTO language (language_id, name, last_update) VALUES (1, 'English', '2026-01-01'), (2, 'Italian', '2026-01-01');
INSERT INTO category (category_id, name, last_update) VALUES (1, 'Action', '2026-01-01'), (2, 'Animation', '2026-01-01');
INSERT INTO actor (actor_id, first_name, last_name, last_update) VALUES (1, 'PENELOPE', 'GUINESS', '2026-01-01'), (2, 'NICK', 'WAHLBERG', '2026-01-01');
INSERT INTO film (film_id, title, description, release_year, language_id, length, rating, last_update) VALUES
  (1, 'ACADEMY DINOSAUR', 'An epic drama', 2006, 1, 86, 'PG', '2026-01-01'), (2, 'ACE GOLDFINGER', 'An astounding epistle', 2006, 2, 48, 'G', '2026-01-01');
INSERT INTO film_actor (actor_id, film_id, last_update) VALUES (1, 1, '2026-01-01'), (2, 1, '2026-01-01'), (2, 2, '2026-01-01');
INSERT INTO film_category (film_id, category_id, last_update) VALUES (1, 1, '2026-01-01'), (2, 2, '2026-01-01');
INSERT INTO store (store_id, city, last_update) VALUES (1, 'Lethbridge', '2026-01-01'), (2, 'Woodridge', '2026-01-01');
INSERT INTO customer (customer_id, store_id, first_name, last_name, email, create_date, last_update) VALUES
  (1, 1, 'MARY', 'SMITH', 'mary.smith@example.org', '2026-01-01', '2026-01-01'), (2, 2, 'PATRICIA', 'JOHNSON', NULL, '2026-01-01', '2026-01-01');
INSERT INTO inventory (inventory_id, film_id, store_id, last_update) VALUES (1, 1, 1, '2026-01-01'), (2, 2, 2, '2026-01-01');
INSERT INTO rental (rental_id, rental_date, inventory_id, customer_id, return_date, last_update) VALUES
  (1, '2026-01-05 10:00', 1, 1, '2026-01-07 09:00', '2026-01-07'), (2, '2026-02-02 12:00', 2, 2, NULL, '2026-02-02');
INSERT INTO payment_archive VALUES (1, '2025-12-30 10:00', 2.99), (2, '2026-01-07 09:00', 4.99);
