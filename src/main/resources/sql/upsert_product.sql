INSERT INTO product (product_id, name, size, flavour)
VALUES (?, ?, ?, ?)
ON CONFLICT (product_id) DO NOTHING
