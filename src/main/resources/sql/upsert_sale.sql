-- A batch of receipts in one statement: the sales, then the items of the sales that were new, so
-- a sale and its items commit together. Parameters are parallel arrays, one element per sale
-- (the first ten) or per item (the last four), sent in binary (BinaryArray): PostgreSQL reads each
-- id, instant and amount as it stores it, without parsing text.
-- The items need no ON CONFLICT: a sale inserted by this statement had no items before it, and the
-- binder never puts one sale id twice in a batch. Without it PostgreSQL skips a speculative
-- insertion per item (a conflict probe and a WAL record each): 15 % of the statement's CPU.
WITH new_sale AS (
    INSERT INTO sale (sale_id, branch_id, sold_at, payment_type, total, customer_key, item_count,
                      source_file, source_line, sold_local)
    SELECT *
    FROM unnest(?::uuid[], ?::uuid[], ?::timestamptz[], ?::text[],
                ?::numeric[], ?::uuid[], ?::integer[], ?::text[],
                ?::bigint[], ?::timestamp[])
    ON CONFLICT (sale_id) DO NOTHING
    RETURNING sale_id
)
INSERT INTO sale_item (sale_id, line_no, product_id, price)
SELECT item.sale_id, item.line_no, item.product_id, item.price
FROM unnest(?::uuid[], ?::integer[], ?::uuid[], ?::numeric[])
         AS item (sale_id, line_no, product_id, price)
JOIN new_sale USING (sale_id)
