INSERT INTO product_sales_late (window_minutes, window_start, branch_id, product_id, sale_id, items, revenue)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (window_minutes, sale_id, product_id) DO NOTHING
