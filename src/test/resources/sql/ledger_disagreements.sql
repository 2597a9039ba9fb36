-- The ledger against the warehouse, counted here from the tables rather than through the views:
-- one row per file whose ledger figures are not the warehouse's, or that does not balance.
SELECT f.path, f.complete, f.lines_read, f.sales_loaded, f.duplicates, f.rejected, f.pending,
       s.sales AS sales_in_warehouse, r.rows AS rejected_rows
FROM ingest_file f
CROSS JOIN LATERAL (SELECT count(*) AS sales FROM sale WHERE source_file = f.path) s
CROSS JOIN LATERAL (SELECT count(*) AS rows FROM rejected_row WHERE source_file = f.path) r
WHERE NOT f.complete
   OR f.pending <> 0
   OR f.sales_loaded <> s.sales
   OR f.rejected <> r.rows
   OR f.duplicates < 0
   OR f.lines_read <> f.sales_loaded + f.duplicates + f.rejected
   OR f.sales_new + f.duplicates_in_state + f.rejected <> f.lines_read
UNION ALL
-- sales and rejections of files the ledger does not know
SELECT source_file, NULL, NULL, NULL, NULL, NULL, NULL, count(*), NULL
FROM sale
WHERE source_file NOT IN (SELECT path FROM ingest_file)
GROUP BY source_file
UNION ALL
SELECT source_file, NULL, NULL, NULL, NULL, NULL, NULL, NULL, count(*)
FROM rejected_row
WHERE source_file NOT IN (SELECT path FROM ingest_file)
GROUP BY source_file
ORDER BY 1
