-- Renders the statements that let grafana_reader log in, with the password quoted by PostgreSQL
-- itself (%L): DDL takes no bind parameters. The statement timeout matches the compose
-- warehouse's (postgres/roles.sql): a dashboard query never holds connections or locks for long.
SELECT format('ALTER ROLE grafana_reader WITH LOGIN PASSWORD %L; '
              'ALTER ROLE grafana_reader SET statement_timeout = ''30s''', ?)
