-- Files whose lines were not all loaded: what the data team should look at first.
SELECT f.path, f.rejected, f.duplicates, f.read_error,
       coalesce(string_agg(DISTINCT r.reason_code, ', '), '') AS reasons
FROM ingest_file f
LEFT JOIN rejected_row r ON r.source_file = f.path
WHERE f.rejected > 0 OR f.duplicates > 0
GROUP BY f.path, f.rejected, f.duplicates, f.read_error
ORDER BY f.path
