-- grafana_reader no longer reads every table, present and future (V3 granted that): from now on
-- it reads only the relations listed in sql/grafana_grants.sql, which the job grants at every
-- start. This undoes V3's blanket grants, on the schema V3 named.
REVOKE SELECT ON ALL TABLES IN SCHEMA public FROM grafana_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM grafana_reader;
