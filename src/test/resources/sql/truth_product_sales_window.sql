-- The truth the product figures must equal: a GROUP BY over sale_item for every window of both
-- sizes, as a view named like the table, in its own schema. A panel's SQL run with this schema
-- first on the search path reads the truth instead of the table, unchanged. Whether a figure is
-- final is the job's call, not the sales': the view takes it from the table.
CREATE SCHEMA IF NOT EXISTS truth;
CREATE OR REPLACE VIEW truth.product_sales_window AS
WITH sizes (window_minutes) AS (
    VALUES (15), (60)
), figures AS (
    SELECT z.window_minutes,
           to_timestamp(floor(extract(epoch FROM s.sold_at) / (z.window_minutes * 60)) * (z.window_minutes * 60))
                                     AS window_start,
           s.branch_id,
           i.product_id,
           count(DISTINCT s.sale_id) AS sales,
           count(*)                  AS items,
           sum(i.price)              AS revenue
    FROM public.sale_item i
    JOIN public.sale s USING (sale_id)
    CROSS JOIN sizes z
    GROUP BY 1, 2, 3, 4
)
SELECT f.*, coalesce(w.is_final, false) AS is_final
FROM figures f
LEFT JOIN public.product_sales_window w USING (window_minutes, window_start, branch_id, product_id);
