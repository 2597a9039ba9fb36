-- Issue 10: limits the parser enforces, held by the schema too, and a ledger that counts what the
-- warehouse gained rather than what the stream sent (docs/ledger.md).

-- The parser rejects longer names (ReceiptParser.MAX_NAME_LENGTH, reason VALUE_TOO_LONG), so these
-- constraints never fail a sink; they state the limit where an analyst reads the schema.
ALTER TABLE branch ADD CONSTRAINT branch_name_length CHECK (char_length(name) <= 100);
ALTER TABLE product ADD CONSTRAINT product_name_length
    CHECK (char_length(name) <= 100 AND char_length(size) <= 100 AND char_length(flavour) <= 100);

-- What the job writes: the stream's own accounting, named for what it knows.
ALTER TABLE ingest_file RENAME TO ingest_file_stream;
ALTER TABLE ingest_file_stream RENAME COLUMN sales_loaded TO sales_new;
ALTER TABLE ingest_file_stream RENAME COLUMN duplicates TO duplicates_in_state;
ALTER TABLE ingest_file_stream ADD COLUMN header_lines bigint NOT NULL DEFAULT 0;
ALTER TABLE ingest_file_stream RENAME CONSTRAINT balanced_when_complete TO stream_balanced_when_complete;
COMMENT ON TABLE ingest_file_stream IS 'the job''s accounting per file; people read the ingest_file view';
COMMENT ON COLUMN ingest_file_stream.sales_new IS 'lines whose sale id was new to the dedupe state (sent to the warehouse)';
COMMENT ON COLUMN ingest_file_stream.duplicates_in_state IS 'lines whose sale id the dedupe state still held';
COMMENT ON COLUMN ingest_file_stream.header_lines IS 'header rows (spreadsheet re-saves), recognised and skipped';

CREATE INDEX sale_source_file ON sale (source_file);

-- How long a file's accounting may run ahead of its sales: the ledger sink and the sale sink commit
-- independently, so for up to a checkpoint a complete row can precede its last sales. Override per
-- database with ALTER DATABASE ... SET tillstream.ledger_settle = '...'.
CREATE FUNCTION ledger_settle() RETURNS interval LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('tillstream.ledger_settle', true), ''), '1 minute')::interval
$$;

-- The ledger people read. sales_loaded is what the warehouse holds from the file; pending is what
-- the stream sent that has not landed yet (only while the file is being read or within the settle
-- time); everything else that was read and not rejected was already there: a duplicate, found by
-- the dedupe state or by the warehouse. Always lines_read = sales_loaded + duplicates + rejected +
-- pending, and pending is 0 once a complete file has settled.
CREATE VIEW ingest_file AS
SELECT f.path,
       f.size_bytes,
       f.uploaded_at,
       f.first_seen,
       f.lines_read,
       f.blank_lines,
       f.header_lines,
       w.sales                                               AS sales_loaded,
       f.lines_read - f.rejected - w.sales - p.pending       AS duplicates,
       f.rejected,
       p.pending,
       f.sales_new,
       f.duplicates_in_state,
       f.earliest_sale,
       f.latest_sale,
       f.read_to_end,
       f.complete,
       f.read_error,
       f.updated_at
FROM ingest_file_stream f
CROSS JOIN LATERAL (SELECT count(*) AS sales FROM sale s WHERE s.source_file = f.path) w
CROSS JOIN LATERAL (
    SELECT CASE WHEN NOT f.complete OR f.updated_at > now() - ledger_settle()
                THEN greatest(f.sales_new - w.sales, 0)
                ELSE 0 END AS pending) p;

-- Every way the ledger and the warehouse can disagree, as it stands now (in-flight included).
CREATE VIEW ledger_check AS
SELECT 'more sales than the stream sent' AS problem, f.path AS subject, f.sales_new AS expected,
       w.sales AS found, f.updated_at AS since
FROM ingest_file_stream f
CROSS JOIN LATERAL (SELECT count(*) AS sales FROM sale s WHERE s.source_file = f.path) w
WHERE f.complete AND w.sales > f.sales_new
UNION ALL
SELECT 'rejected differs from rejected_row', f.path, f.rejected, r.rows, f.updated_at
FROM ingest_file_stream f
CROSS JOIN LATERAL (SELECT count(*) AS rows FROM rejected_row r WHERE r.source_file = f.path) r
WHERE f.complete AND r.rows <> f.rejected
UNION ALL
SELECT 'item_count differs from sale_item', s.sale_id::text, s.item_count, count(i.line_no), s.loaded_at
FROM sale s
LEFT JOIN sale_item i USING (sale_id)
GROUP BY s.sale_id
HAVING count(i.line_no) <> s.item_count
UNION ALL
SELECT 'sales of a file without a ledger row', s.source_file, 0, count(*), max(s.loaded_at)
FROM sale s
WHERE NOT EXISTS (SELECT FROM ingest_file_stream f WHERE f.path = s.source_file)
GROUP BY s.source_file
UNION ALL
SELECT 'rejections of a file without a ledger row', r.source_file, 0, count(*), max(r.rejected_at)
FROM rejected_row r
WHERE NOT EXISTS (SELECT FROM ingest_file_stream f WHERE f.path = r.source_file)
GROUP BY r.source_file
UNION ALL
-- products and branches come through sinks of their own; a sale must not outlive a lost one
SELECT 'items of a product missing from product', i.product_id::text, 0, count(*), max(s.loaded_at)
FROM sale_item i
JOIN sale s USING (sale_id)
WHERE NOT EXISTS (SELECT FROM product p WHERE p.product_id = i.product_id)
GROUP BY i.product_id
UNION ALL
SELECT 'sales of a branch missing from branch', s.branch_id::text, 0, count(*), max(s.loaded_at)
FROM sale s
WHERE NOT EXISTS (SELECT FROM branch b WHERE b.branch_id = s.branch_id)
GROUP BY s.branch_id;

-- What Grafana alerts on: disagreements older than the settle time, so in-flight commits are not.
CREATE VIEW ledger_mismatch AS
SELECT problem, subject, expected, found, since
FROM ledger_check
WHERE since < now() - ledger_settle();

GRANT SELECT ON ingest_file, ledger_check, ledger_mismatch TO grafana_reader;
