-- A batch of receipts in one statement: the sales, then the items of the sales that were new, so
-- a sale and its items commit together. Parameters are parallel arrays, one element per sale
-- (the first ten) or per item (the last four), passed as text and cast here.
-- The items need no ON CONFLICT: a sale inserted by this statement had no items before it, and the
-- binder never puts one sale id twice in a batch. Without it PostgreSQL skips a speculative
-- insertion per item (a conflict probe and a WAL record each): 15 % of the statement's CPU.
WITH new_sale AS (
    INSERT INTO sale (sale_id, branch_id, sold_at, payment_type, total, customer_key, item_count,
                      source_file, source_line, sold_local)
    SELECT *
    FROM unnest(?::text[]::uuid[], ?::text[]::uuid[], ?::text[]::timestamptz[], ?::text[],
                ?::text[]::numeric[], ?::text[]::uuid[], ?::text[]::integer[], ?::text[],
                ?::text[]::bigint[], ?::text[]::timestamp[])
    ON CONFLICT (sale_id) DO NOTHING
    RETURNING sale_id
)
INSERT INTO sale_item (sale_id, line_no, product_id, price)
SELECT item.sale_id, item.line_no, item.product_id, item.price
FROM unnest(?::text[]::uuid[], ?::text[]::integer[], ?::text[]::uuid[], ?::text[]::numeric[])
         AS item (sale_id, line_no, product_id, price)
JOIN new_sale USING (sale_id)
