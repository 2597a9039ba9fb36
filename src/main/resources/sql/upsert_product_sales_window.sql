-- A window's whole figure: the newest firing replaces what an earlier one wrote.
INSERT INTO product_sales_window (window_start, window_minutes, branch_id, product_id, sales, items, revenue, firings)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (window_minutes, window_start, branch_id, product_id) DO UPDATE SET
    sales      = EXCLUDED.sales,
    items      = EXCLUDED.items,
    revenue    = EXCLUDED.revenue,
    firings    = EXCLUDED.firings,
    updated_at = now()
