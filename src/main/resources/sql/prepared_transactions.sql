-- The prepared (in-doubt) transactions of this database, oldest first. ROLLBACK PREPARED must run
-- in the database that prepared them.
SELECT gid, prepared
FROM pg_prepared_xacts
WHERE database = current_database()
ORDER BY prepared
