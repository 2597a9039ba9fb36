-- Whether the job's user holds a privilege on a table (false, not an error, for a missing table).
SELECT to_regclass(?) IS NOT NULL AND has_table_privilege(current_user, to_regclass(?), ?)
