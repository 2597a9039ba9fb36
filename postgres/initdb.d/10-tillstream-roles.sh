#!/usr/bin/env bash
# Run once by the postgres image when it initialises an empty volume (as the superuser, on the
# image's temporary socket-only server). The SQL is in ../roles.sql; passwords come from compose.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v job_password="$TILLSTREAM_JDBC_PASSWORD" \
  -v reader_password="$TILLSTREAM_GRAFANA_PASSWORD" \
  -f /opt/tillstream/postgres/roles.sql
