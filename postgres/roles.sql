-- The warehouse's roles, created once by the superuser when the compose PostgreSQL initialises its
-- volume (initdb.d/10-tillstream-roles.sh passes the passwords as psql variables). Least privilege:
--  - tillstream, the job's role, owns the schema tillstream and nothing else: it cannot create
--    roles, databases or objects in other schemas, and it is not a superuser. Its migrations and
--    its XA transactions (PREPARE/COMMIT PREPARED of its own transactions) need no more.
--  - grafana_reader logs in, reads only the relations the job grants it (sql/grafana_grants.sql,
--    applied at every start) and stops any statement after 30 seconds: a dashboard query must
--    never hold the warehouse's connections or locks for long.
-- Changing a password later: ALTER ROLE ... PASSWORD as the superuser, then update .env.

REVOKE ALL ON DATABASE tillstream FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE ROLE tillstream LOGIN PASSWORD :'job_password';
GRANT CONNECT, TEMPORARY ON DATABASE tillstream TO tillstream;
CREATE SCHEMA tillstream AUTHORIZATION tillstream;
ALTER ROLE tillstream IN DATABASE tillstream SET search_path = tillstream;

CREATE ROLE grafana_reader LOGIN PASSWORD :'reader_password';
GRANT CONNECT ON DATABASE tillstream TO grafana_reader;
ALTER ROLE grafana_reader IN DATABASE tillstream SET search_path = tillstream;
ALTER ROLE grafana_reader SET statement_timeout = '30s';
ALTER ROLE grafana_reader SET default_transaction_read_only = on;
