-- Renders the ALTER ROLE statement with the password quoted by PostgreSQL itself (%L): DDL takes
-- no bind parameters.
SELECT format('ALTER ROLE grafana_reader WITH LOGIN PASSWORD %L', ?)
