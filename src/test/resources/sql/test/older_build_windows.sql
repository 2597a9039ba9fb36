-- A warehouse as a build before product figures v2 left it: three sales between 09:00 and 09:30,
-- a 15-minute window row that missed a late sale (items 2, not 3) and whose late sale sits in
-- product_sales_late, and a 60-minute row written before the last sale came.
SET TIME ZONE 'UTC';
INSERT INTO product (product_id, name, size) VALUES
    ('00000000-0000-0000-0000-0000000000a1', 'latte', 'Large'),
    ('00000000-0000-0000-0000-0000000000a2', 'tea', 'Regular');
INSERT INTO sale (sale_id, branch_id, sold_at, payment_type, total, item_count, source_file, source_line) VALUES
    ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000b1', '2021-03-23 09:01+00', 'CASH', 5.00, 2, 'f', 1),
    ('00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-0000000000b1', '2021-03-23 09:05+00', 'CASH', 2.50, 1, 'f', 2),
    ('00000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-0000000000b1', '2021-03-23 09:20+00', 'CASH', 3.50, 2, 'f', 3);
INSERT INTO sale_item (sale_id, line_no, product_id, price) VALUES
    ('00000000-0000-0000-0000-000000000001', 1, '00000000-0000-0000-0000-0000000000a1', 2.50),
    ('00000000-0000-0000-0000-000000000001', 2, '00000000-0000-0000-0000-0000000000a1', 2.50),
    ('00000000-0000-0000-0000-000000000002', 1, '00000000-0000-0000-0000-0000000000a1', 2.50),
    ('00000000-0000-0000-0000-000000000003', 1, '00000000-0000-0000-0000-0000000000a1', 2.50),
    ('00000000-0000-0000-0000-000000000003', 2, '00000000-0000-0000-0000-0000000000a2', 1.00);
INSERT INTO product_sales_window (window_start, window_minutes, branch_id, product_id, sales, items, revenue, firings) VALUES
    ('2021-03-23 09:00+00', 15, '00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000a1', 1, 2, 5.00, 1),
    ('2021-03-23 09:00+00', 60, '00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000a1', 2, 3, 7.50, 1);
INSERT INTO product_sales_late (window_minutes, window_start, branch_id, product_id, sale_id, items, revenue) VALUES
    (15, '2021-03-23 09:00+00', '00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000a1',
     '00000000-0000-0000-0000-000000000002', 1, 2.50);
