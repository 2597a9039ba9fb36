-- The local runner's periodic "what sells" summary.
SELECT concat_ws(' ', p.size, p.name, nullif('- ' || p.flavour, '- ')) AS product,
       count(*)                                                        AS items,
       sum(i.price)                                                    AS revenue
FROM sale_item i
JOIN product p USING (product_id)
GROUP BY p.size, p.name, p.flavour
ORDER BY items DESC, product
LIMIT ?
