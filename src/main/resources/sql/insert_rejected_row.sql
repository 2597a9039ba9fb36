INSERT INTO rejected_row (rejection_id, source_file, source_line, reason_code, reason, excerpt)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (rejection_id) DO NOTHING
