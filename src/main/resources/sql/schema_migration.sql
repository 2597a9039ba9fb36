CREATE TABLE IF NOT EXISTS schema_migration (
    script     text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
)
