-- The best sellers of the newest window whose figures are final, across branches, in the chain's
-- local time.
WITH latest AS (
    SELECT max(window_start) AS window_start FROM product_sales_window WHERE window_minutes = ? AND is_final
)
SELECT to_char(w.window_start AT TIME ZONE ?, 'DD/MM/YYYY HH24:MI')                AS local_start,
       p.product_label,
       sum(w.items)                                                                  AS items,
       sum(w.revenue)                                                                AS revenue
FROM product_sales_window w
JOIN latest USING (window_start)
JOIN dim_product p USING (product_id)
WHERE w.window_minutes = ?
GROUP BY 1, 2
ORDER BY items DESC, p.product_label
LIMIT 3
