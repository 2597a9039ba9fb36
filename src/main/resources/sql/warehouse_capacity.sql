-- What the XA sinks need from the server: prepared transactions are cluster-wide, and so is the
-- connection limit (less the slots kept for superusers).
SELECT current_setting('max_prepared_transactions')::int,
       current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
