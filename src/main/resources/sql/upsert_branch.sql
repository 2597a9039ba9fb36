INSERT INTO branch (branch_id, name)
VALUES (?, ?)
ON CONFLICT (branch_id) DO NOTHING
