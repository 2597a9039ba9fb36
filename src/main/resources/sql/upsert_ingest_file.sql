-- Every row carries the file's whole accounting so far, so the newest write wins and a replay
-- rewrites the same figures. first_seen keeps the earliest sighting across replays.
INSERT INTO ingest_file_stream (path, size_bytes, uploaded_at, first_seen, lines_read, blank_lines, header_lines,
                                sales_new, duplicates_in_state, rejected, earliest_sale, latest_sale, read_to_end,
                                complete, read_error)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (path) DO UPDATE SET
    size_bytes          = EXCLUDED.size_bytes,
    uploaded_at         = EXCLUDED.uploaded_at,
    first_seen          = least(ingest_file_stream.first_seen, EXCLUDED.first_seen),
    lines_read          = EXCLUDED.lines_read,
    blank_lines         = EXCLUDED.blank_lines,
    header_lines        = EXCLUDED.header_lines,
    sales_new           = EXCLUDED.sales_new,
    duplicates_in_state = EXCLUDED.duplicates_in_state,
    rejected            = EXCLUDED.rejected,
    earliest_sale       = EXCLUDED.earliest_sale,
    latest_sale         = EXCLUDED.latest_sale,
    read_to_end         = EXCLUDED.read_to_end,
    complete            = EXCLUDED.complete,
    read_error          = EXCLUDED.read_error,
    updated_at          = now()
