-- One line of the local runner's progress report; line counts come from the ledger.
SELECT (SELECT count(*) FROM sale)                                        AS sales,
       (SELECT count(*) FROM sale_item)                                   AS items,
       (SELECT coalesce(sum(total), 0) FROM sale)                         AS revenue,
       count(*)                                                           AS files,
       count(*) FILTER (WHERE complete)                                   AS files_complete,
       coalesce(sum(lines_read), 0)                                       AS lines_read,
       coalesce(sum(sales_loaded), 0)                                     AS loaded,
       coalesce(sum(duplicates), 0)                                       AS duplicates,
       coalesce(sum(rejected), 0)                                         AS rejected,
       coalesce(sum(blank_lines), 0)                                      AS blank_lines
FROM ingest_file
