-- The per-file ledger: for every file the pipeline has seen, what became of each of its lines.
-- Once complete: lines_read = sales_loaded + duplicates + rejected. Blank lines (every till file
-- ends with one) carry nothing and are counted apart.
CREATE TABLE ingest_file (
    path          text PRIMARY KEY,
    size_bytes    bigint,
    uploaded_at   timestamptz,
    first_seen    timestamptz NOT NULL,
    lines_read    bigint NOT NULL,
    blank_lines   bigint NOT NULL,
    sales_loaded  bigint NOT NULL,
    duplicates    bigint NOT NULL,
    rejected      bigint NOT NULL,
    earliest_sale timestamptz,
    latest_sale   timestamptz,
    read_to_end   boolean NOT NULL,
    complete      boolean NOT NULL,
    read_error    text NOT NULL DEFAULT '',
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT balanced_when_complete
        CHECK (NOT complete OR lines_read = sales_loaded + duplicates + rejected)
);

COMMENT ON COLUMN ingest_file.lines_read IS 'lines with content; the file''s own count once read_to_end';
COMMENT ON COLUMN ingest_file.sales_loaded IS 'lines that became a new sale (first occurrence of its sale id)';
COMMENT ON COLUMN ingest_file.duplicates IS 'lines whose sale id was already loaded (re-uploads, repeated rows)';
COMMENT ON COLUMN ingest_file.rejected IS 'lines in rejected_row for this file (an unreadable rest counts as one)';
