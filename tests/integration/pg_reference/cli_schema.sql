-- The schema the psql tests describe, loaded into duckwire and into the reference PostgreSQL 15 alike:
-- only SQL both accept. A table with a primary key, a foreign key, an index and comments; a view; an
-- enum type.
CREATE SCHEMA shop;
CREATE TYPE shop.mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE shop.customers (
    id integer PRIMARY KEY,
    name text NOT NULL,
    mood shop.mood
);
CREATE TABLE shop.orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES shop.customers (id),
    total numeric(10,2) NOT NULL DEFAULT 0,
    note text,
    placed_on date,
    paid boolean
);
CREATE INDEX orders_customer_idx ON shop.orders (customer_id);
COMMENT ON TABLE shop.orders IS 'Orders placed by customers';
COMMENT ON COLUMN shop.orders.total IS 'Amount in euros';
CREATE VIEW shop.big_orders AS SELECT id, total FROM shop.orders WHERE total > 100;
INSERT INTO shop.customers VALUES (1, 'Ada', 'happy'), (2, 'Grace', 'ok');
INSERT INTO shop.orders VALUES
    (1, 1, 120.50, 'first', DATE '2024-01-31', true),
    (2, 1, 15.00, NULL, DATE '2024-02-01', false),
    (3, 2, 99.99, 'tab	and "quote"', NULL, NULL);
