-- The schema as it should be. `psmigrate revision --autogenerate` writes the revision that gets
-- the folder's heads here; `psmigrate diff` shows what is left to do.
CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    price NUMERIC NOT NULL CHECK (price >= 0),
    sku TEXT,
    category_id INTEGER REFERENCES categories (id) ON DELETE SET NULL
);

CREATE INDEX products_category ON products (category_id);

CREATE VIEW cheap_products AS SELECT id, name FROM products WHERE price < 10;
