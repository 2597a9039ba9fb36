-- One line of the local runner's progress report.
SELECT (SELECT count(*) FROM sale)                                   AS sales,
       (SELECT count(*) FROM sale_item)                              AS items,
       (SELECT count(*) FROM rejected_row)                           AS rejected,
       (SELECT count(DISTINCT source_file) FROM (
            SELECT source_file FROM sale
            UNION SELECT source_file FROM rejected_row) files)      AS files,
       (SELECT coalesce(sum(total), 0) FROM sale)                    AS revenue
