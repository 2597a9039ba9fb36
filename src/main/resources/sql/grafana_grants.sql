-- What grafana_reader may read: exactly the relations that grafana/dashboards/*.json and
-- grafana/provisioning/alerting/*.yaml query, nothing else (Grafana runs whatever SQL a dashboard
-- editor types). Views run with their owner's rights, so a view's underlying tables stay hidden.
-- The job applies this at every start, after the migrations, in one transaction: what is not in
-- the list is revoked. A panel that reads a new table or view adds one line to the list;
-- GrafanaReaderGrantsTest fails until the list and the dashboard's SQL agree.
DO $$
BEGIN
    EXECUTE format('REVOKE SELECT ON ALL TABLES IN SCHEMA %I FROM grafana_reader', current_schema());
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO grafana_reader', current_schema());
END
$$;
GRANT SELECT ON
    branch,
    customer_visits_daily,
    dim_product,
    fact_sale_item,
    ingest_file,
    ingest_file_stream,
    ledger_mismatch,
    product_sales_window,
    rejected_row,
    sale
TO grafana_reader;
