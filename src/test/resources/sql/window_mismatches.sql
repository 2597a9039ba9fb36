-- The windowed figures against the truth: a GROUP BY over sale_item for the same windows, leaving
-- out what product_sales_late says came too late. Returns one row per window (of those ending
-- before the given instant) where the two disagree or one is missing, for 15- and 60-minute windows.
WITH sizes (window_minutes) AS (
    VALUES (15), (60)
), truth AS (
    SELECT z.window_minutes,
           to_timestamp(floor(extract(epoch FROM s.sold_at) / (z.window_minutes * 60)) * (z.window_minutes * 60))
                                  AS window_start,
           s.branch_id,
           i.product_id,
           count(DISTINCT s.sale_id) AS sales,
           count(*)               AS items,
           sum(i.price)           AS revenue
    FROM sale_item i
    JOIN sale s USING (sale_id)
    CROSS JOIN sizes z
    WHERE NOT EXISTS (SELECT 1 FROM product_sales_late l
                      WHERE l.window_minutes = z.window_minutes AND l.sale_id = i.sale_id
                        AND l.product_id = i.product_id)
    GROUP BY 1, 2, 3, 4
)
SELECT concat_ws(' ', window_minutes, window_start, branch_id, product_id,
                 'truth', t.sales, t.items, t.revenue, 'table', w.sales, w.items, w.revenue) AS mismatch
FROM truth t
FULL JOIN product_sales_window w USING (window_minutes, window_start, branch_id, product_id)
WHERE window_start + window_minutes * interval '1 minute' <= ?
  AND (t.sales IS DISTINCT FROM w.sales OR t.items IS DISTINCT FROM w.items OR t.revenue IS DISTINCT FROM w.revenue)
ORDER BY 1
