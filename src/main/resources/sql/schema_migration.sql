CREATE TABLE IF NOT EXISTS schema_migration (
    script     text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);
-- SHA-256 of the script as applied. Warehouses migrated before checksums were recorded get theirs
-- filled in from the scripts of the first build that checks them.
ALTER TABLE schema_migration ADD COLUMN IF NOT EXISTS checksum text;
