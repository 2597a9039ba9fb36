-- Analytics: windowed product figures written by the job, the till's local time on each sale,
-- star-schema views for analysts and Grafana, and the SELECT-only role Grafana connects as.

-- The till's own wall-clock time: hour-of-day and per-day questions are asked in the chain's
-- local time, which the database does not know (the job's time-zone setting does).
ALTER TABLE sale ADD COLUMN sold_local timestamp;
COMMENT ON COLUMN sale.sold_local IS 'the till''s local date and time (time-zone setting); sold_at is the instant';
CREATE INDEX sale_sold_local ON sale (sold_local);

-- Event-time tumbling windows per branch and product. A window's row is written when the
-- watermark passes its end and rewritten by every late firing within the allowed lateness, so it
-- always holds the window's full figure. Sales later than that land in product_sales_late.
CREATE TABLE product_sales_window (
    window_start   timestamptz NOT NULL,
    window_minutes integer NOT NULL,
    branch_id      uuid NOT NULL,
    product_id     uuid NOT NULL,
    sales          bigint NOT NULL,
    items          bigint NOT NULL,
    revenue        numeric(14, 2) NOT NULL,
    firings        integer NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (window_minutes, window_start, branch_id, product_id)
);
CREATE INDEX product_sales_window_start ON product_sales_window (window_start);
COMMENT ON COLUMN product_sales_window.sales IS 'receipts with this product in the window';
COMMENT ON COLUMN product_sales_window.firings IS '1 for the on-time firing, +1 for each late correction';

-- What arrived after its window's allowed lateness: never part of product_sales_window, listed
-- here so the figures reconcile with sale_item.
CREATE TABLE product_sales_late (
    window_minutes integer NOT NULL,
    window_start   timestamptz NOT NULL,
    branch_id      uuid NOT NULL,
    product_id     uuid NOT NULL,
    sale_id        uuid NOT NULL,
    items          bigint NOT NULL,
    revenue        numeric(14, 2) NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (window_minutes, sale_id, product_id)
);
CREATE INDEX product_sales_late_window ON product_sales_late (window_minutes, window_start);

-- Star schema for analysts.
CREATE VIEW dim_branch AS
SELECT branch_id, name AS branch_name FROM branch;

CREATE VIEW dim_product AS
SELECT product_id,
       name    AS product_name,
       size,
       flavour,
       concat_ws(' ', size, name, nullif('- ' || flavour, '- ')) AS product_label
FROM product;

CREATE VIEW dim_date AS
SELECT d::date                            AS date,
       extract(year FROM d)::int          AS year,
       extract(quarter FROM d)::int       AS quarter,
       extract(month FROM d)::int         AS month,
       extract(day FROM d)::int           AS day,
       extract(isodow FROM d)::int        AS day_of_week,
       trim(to_char(d, 'Month'))          AS month_name,
       trim(to_char(d, 'Day'))            AS day_name,
       extract(isodow FROM d) >= 6        AS weekend
FROM generate_series(
         (SELECT coalesce(min(sold_local), now())::date FROM sale),
         (SELECT coalesce(max(sold_local), now())::date FROM sale),
         interval '1 day') AS d;

CREATE VIEW fact_sale_item AS
SELECT i.sale_id,
       i.line_no,
       s.sold_at,
       s.sold_local,
       s.sold_local::date                 AS date,
       extract(hour FROM s.sold_local)::int AS hour_of_day,
       s.branch_id,
       i.product_id,
       s.payment_type,
       s.customer_key,
       i.price
FROM sale_item i
JOIN sale s USING (sale_id);

-- New and returning card customers per branch and local day. A customer is new at a branch on
-- the day of their first card payment there; any later day they come back they are returning.
-- Cash customers cannot be told apart and are not counted.
CREATE VIEW customer_visits_daily AS
WITH visits AS (
    SELECT DISTINCT branch_id, customer_key, sold_local::date AS date
    FROM sale
    WHERE customer_key IS NOT NULL
), firsts AS (
    SELECT branch_id, customer_key, min(date) AS first_date
    FROM visits
    GROUP BY branch_id, customer_key
)
SELECT v.branch_id,
       v.date,
       count(*) FILTER (WHERE v.date = f.first_date) AS new_customers,
       count(*) FILTER (WHERE v.date > f.first_date) AS returning_customers
FROM visits v
JOIN firsts f USING (branch_id, customer_key)
GROUP BY v.branch_id, v.date;

-- Grafana's role: reads everything, writes nothing. Roles are cluster-wide, so create it only
-- once; the job sets its password (grafana.password) after migrating.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'grafana_reader') THEN
        CREATE ROLE grafana_reader NOLOGIN;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO grafana_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO grafana_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO grafana_reader;
