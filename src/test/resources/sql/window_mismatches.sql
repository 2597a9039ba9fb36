-- The product figures against the truth (truth_product_sales_window.sql): one row per window, of
-- both sizes, where the table and a GROUP BY over sale_item disagree or one of them is missing.
SELECT concat_ws(' ', window_minutes, window_start, branch_id, product_id,
                 'truth', t.sales, t.items, t.revenue, 'table', w.sales, w.items, w.revenue) AS mismatch
FROM truth.product_sales_window t
FULL JOIN public.product_sales_window w USING (window_minutes, window_start, branch_id, product_id)
WHERE t.sales IS DISTINCT FROM w.sales
   OR t.items IS DISTINCT FROM w.items
   OR t.revenue IS DISTINCT FROM w.revenue
ORDER BY 1
