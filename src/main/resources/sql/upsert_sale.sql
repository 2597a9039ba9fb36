-- One statement per receipt: the sale and its items commit together. Parameters: the sale's
-- columns, then the item arrays (product ids and prices, in receipt order).
WITH new_sale AS (
    INSERT INTO sale (sale_id, branch_id, sold_at, payment_type, total, customer_key, item_count,
                      source_file, source_line, sold_local)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (sale_id) DO NOTHING
    RETURNING sale_id
)
INSERT INTO sale_item (sale_id, line_no, product_id, price)
SELECT new_sale.sale_id, item.line_no, item.product_id, item.price
FROM new_sale,
     unnest(?::uuid[], ?::numeric[]) WITH ORDINALITY AS item (product_id, price, line_no)
ON CONFLICT (sale_id, line_no) DO NOTHING
