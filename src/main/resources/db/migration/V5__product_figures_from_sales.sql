-- Product figures v2 (issue 9). A window's row is no longer the output of a Flink window that
-- closed on one global watermark: the job recomputes the row from the committed sales whenever a
-- sale touches the window, so late files, any arrival order and re-uploads can no longer leave a
-- figure short or counted twice. Nothing is "too late" any more.
DROP TABLE product_sales_late;

ALTER TABLE product_sales_window
    DROP COLUMN firings,
    ADD COLUMN is_final boolean NOT NULL DEFAULT false,
    ADD COLUMN items_when_final bigint;

COMMENT ON COLUMN product_sales_window.is_final IS
    'false while the branch may still send sales for the window (provisional), true once its own clock has passed the window or it went quiet';
COMMENT ON COLUMN product_sales_window.items_when_final IS
    'items when the row was first marked final; items - items_when_final came after (late files, corrections)';

-- Rows written by earlier builds left out sales that came after the allowed lateness: recompute
-- every window of the sizes in use from the sales themselves, as final figures.
CREATE TEMPORARY TABLE window_sizes ON COMMIT DROP AS
SELECT DISTINCT window_minutes FROM product_sales_window;

DELETE FROM product_sales_window;

INSERT INTO product_sales_window (window_minutes, window_start, branch_id, product_id, sales, items, revenue,
                                  is_final, items_when_final)
SELECT z.window_minutes,
       to_timestamp(floor(extract(epoch FROM s.sold_at) / (z.window_minutes * 60)) * (z.window_minutes * 60)),
       s.branch_id,
       i.product_id,
       count(DISTINCT s.sale_id),
       count(*),
       sum(i.price),
       true,
       count(*)
FROM sale_item i
JOIN sale s USING (sale_id)
CROSS JOIN window_sizes z
GROUP BY 1, 2, 3, 4;
