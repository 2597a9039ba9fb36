-- Recomputes windows of product figures from the committed sales, so that every row equals a
-- GROUP BY over sale_item whatever order, lateness or repetition the sales arrived with, and marks
-- settled windows whose figures are already current as final without recomputing them. Parameters
-- are parallel arrays, one element per window, sent in binary (BinaryArray): first the windows to
-- mark final (size, start, branch), then the windows to recompute (size, start, branch, settled).
-- Each window appears once. A row once final stays final; items_when_final keeps its figure at that
-- moment, so what came after it can be measured.
WITH marked AS (
    -- By row address, found by a lateral index lookup per window: a join would let the planner scan
    -- the whole table, as it did sale_item in the recomputation below.
    UPDATE product_sales_window w
    SET is_final         = true,
        items_when_final = w.items,
        updated_at       = now()
    WHERE w.ctid = ANY (ARRAY(
        SELECT f.ctid
        FROM unnest(?::integer[], ?::timestamptz[], ?::uuid[])
                 AS m (window_minutes, window_start, branch_id)
        CROSS JOIN LATERAL (
            SELECT f.ctid
            FROM product_sales_window f
            WHERE f.window_minutes = m.window_minutes
              AND f.window_start = m.window_start
              AND f.branch_id = m.branch_id
              AND NOT f.is_final
            OFFSET 0
        ) f
    ))
    RETURNING 1
), refresh AS (
    SELECT *
    FROM unnest(?::integer[], ?::timestamptz[], ?::uuid[], ?::boolean[])
             AS r (window_minutes, window_start, branch_id, is_final)
), figures AS (
    SELECT r.window_minutes,
           r.window_start,
           r.branch_id,
           i.product_id,
           count(DISTINCT s.sale_id) AS sales,
           count(*)                  AS items,
           sum(i.price)              AS revenue,
           r.is_final
    FROM refresh r
    -- Lateral lookups with OFFSET 0, so that the planner cannot turn them into joins: as joins it
    -- hashes the whole of sale_item for every batch, and a refresh would cost in proportion to the
    -- warehouse instead of to the windows it recomputes. Each is an index range scan: sale by
    -- (branch_id, sold_at), sale_item by its key's leading sale_id.
    CROSS JOIN LATERAL (
        SELECT s.sale_id
        FROM sale s
        WHERE s.branch_id = r.branch_id
          AND s.sold_at >= r.window_start
          AND s.sold_at < r.window_start + make_interval(mins => r.window_minutes)
        OFFSET 0
    ) s
    CROSS JOIN LATERAL (
        SELECT i.product_id, i.price
        FROM sale_item i
        WHERE i.sale_id = s.sale_id
        OFFSET 0
    ) i
    GROUP BY r.window_minutes, r.window_start, r.branch_id, i.product_id, r.is_final
)
INSERT INTO product_sales_window AS w (window_minutes, window_start, branch_id, product_id, sales, items, revenue,
                                       is_final, items_when_final)
SELECT window_minutes, window_start, branch_id, product_id, sales, items, revenue,
       is_final, CASE WHEN is_final THEN items END
FROM figures
ON CONFLICT (window_minutes, window_start, branch_id, product_id) DO UPDATE SET
    sales            = EXCLUDED.sales,
    items            = EXCLUDED.items,
    revenue          = EXCLUDED.revenue,
    is_final         = w.is_final OR EXCLUDED.is_final,
    items_when_final = CASE WHEN w.is_final THEN w.items_when_final ELSE EXCLUDED.items_when_final END,
    updated_at       = now()
