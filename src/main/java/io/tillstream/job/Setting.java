package io.tillstream.job;

import java.util.Locale;

/** Every configuration key Tillstream reads, with its default and meaning (the README's table is made from these). */
public enum Setting {
    INPUT_PATH(
            "input.path",
            null,
            "Bucket prefix (or directory) to watch, e.g. `s3://till-drops/in/`; `file://` works too."),
    MONITOR_INTERVAL("input.monitor-interval", "10s", "How often the prefix is listed for new files."),
    LATE_TOLERANCE(
            "input.late-tolerance",
            "1d",
            "How far a new file's modification time may trail the newest file found and still be read; later ones are reported as TOO_LATE_UPLOAD ([bucket layout](docs/bucket-layout.md))."),
    JDBC_URL("jdbc.url", null, "PostgreSQL warehouse, e.g. `jdbc:postgresql://db:5432/tillstream`."),
    JDBC_USER("jdbc.user", "tillstream", "Warehouse user (owns the schema; runs migrations)."),
    JDBC_PASSWORD("jdbc.password", "", "Warehouse password; prefer the environment variable."),
    HMAC_SECRET(
            "hmac.secret",
            null,
            "Secret for sale ids and customer pseudonyms (at least 16 characters). Never change it: keys derive from it."),
    MAX_AGE("input.max-age", "3650d", "Sales older than this (against the wall clock) are rejected as OUT_OF_RANGE."),
    MAX_FUTURE(
            "input.max-future",
            "2d",
            "Sales further ahead than this are rejected as OUT_OF_RANGE (a till clock gone wrong)."),
    TIME_ZONE("time-zone", "Europe/London", "Time zone of the tills' local timestamps."),
    MAX_PERIOD_SKEW(
            "input.max-period-skew",
            "1d",
            "Sales further than this from the period start in their file's name are rejected as OUTSIDE_FILE_PERIOD."),
    DEDUPE_RETENTION(
            "dedupe.retention",
            "7d",
            "How long (wall clock) a sale id is remembered after it was seen, to drop re-uploads without asking the warehouse."),
    LEDGER_FLUSH_INTERVAL(
            "ledger.flush-interval",
            "1s",
            "How often a file's ledger row is rewritten while the file is being loaded; its complete row is written"
                    + " as its last line is accounted for."),
    CHECKPOINT_INTERVAL(
            "checkpoint.interval",
            "5s",
            "Warehouse commits happen at checkpoints: this bounds how fresh the rows and the product figures are."),
    CHECKPOINT_INTERVAL_DURING_BACKLOG(
            "checkpoint.interval-during-backlog",
            "30s",
            "Checkpoint interval while files wait to be read (a first deployment, a catch-up after an outage):"
                    + " fewer, larger commits load a backlog faster. Never shorter than checkpoint.interval; keep it under"
                    + " the ledger's settle time (1 min)."),
    PARALLELISM("parallelism", "1", "Parallelism of every operator."),
    MAX_PARALLELISM("max-parallelism", "128", "Key groups for state; fixed for the life of the job's savepoints."),
    WINDOW("aggregate.window", "15min", "Size of the event-time windows of product figures (product_sales_window)."),
    COARSE_WINDOW("aggregate.coarse-window", "1h", "A second, coarser window size for long ranges; `off` for none."),
    OUT_OF_ORDERNESS(
            "aggregate.out-of-orderness",
            "1h",
            "A window is final once its branch's newest sale is this far past the window's end."),
    FINAL_AFTER_IDLE(
            "aggregate.final-after-idle",
            "1h",
            "A branch with no new sale for this long (wall clock) has all its windows marked final."),
    GRAFANA_PASSWORD(
            "grafana.password",
            "",
            "Lets the read-only role grafana_reader log in with this password; needs a jdbc.user that may manage"
                    + " roles (the local runner's). Empty leaves the role as it is (compose sets it once, in"
                    + " postgres/roles.sql).");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    /** The default, or null for a required setting. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** {@code jdbc.password} is read from {@code TILLSTREAM_JDBC_PASSWORD}. */
    public String environmentVariable() {
        return "TILLSTREAM_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
