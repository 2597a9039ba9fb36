package io.tillstream.warehouse;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tillstream.job.Setting;
import io.tillstream.job.TillstreamConfig;
import io.tillstream.local.EmbeddedWarehouse;
import io.tillstream.local.GeneratedDataset;
import io.tillstream.local.GeneratedFile;
import io.tillstream.local.S3Uploads;
import io.tillstream.local.SalesGenerator;
import io.tillstream.local.SalesTruth;
import io.tillstream.testing.Await;
import io.tillstream.testing.LedgerAssertions;
import io.tillstream.testing.ProductFigures;
import io.tillstream.testing.RunningJob;
import io.tillstream.testing.TestConfigs;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.org.yaml.snakeyaml.LoaderOptions;
import org.apache.flink.shaded.jackson2.org.yaml.snakeyaml.Yaml;
import org.apache.flink.shaded.jackson2.org.yaml.snakeyaml.constructor.SafeConstructor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The Grafana dashboard and alert rules, tested through their SQL since Grafana itself is not
 * here. The real job loads generated till files from S3 into a fresh warehouse; every panel's and
 * variable's query is then expanded the way Grafana expands it (macros, {@code $__interval}, the
 * {@code branch} variable) and run as {@code grafana_reader}, the role Grafana logs in as. Each must
 * return rows shaped for its panel. The alert rules' queries run the same way and must fire only
 * when they should. Last, the provisioning files must agree with each other, with
 * docker-compose.yml and with the migrations.
 */
class DashboardQueriesTest {
    private static final Path DASHBOARD = Path.of("grafana/dashboards/tillstream.json");
    private static final Path DATASOURCES = Path.of("grafana/provisioning/datasources/tillstream.yaml");
    private static final Path DASHBOARD_PROVIDERS = Path.of("grafana/provisioning/dashboards/tillstream.yaml");
    private static final Path ALERT_RULES = Path.of("grafana/provisioning/alerting/tillstream.yaml");
    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Path ANALYTICS_MIGRATION = Path.of("src/main/resources/db/migration/V3__analytics.sql");

    private static final String DATASOURCE_TYPE = "grafana-postgresql-datasource";
    private static final String DATASOURCE_UID = "tillstream-warehouse";
    private static final String READER = "grafana_reader";
    private static final String READER_PASSWORD = "dashboard-test-reader-password";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private static final int BRANCHES = 4;
    private static final int DAYS = 3;
    private static final int REJECTED_LINES = 12;
    private static final LocalDate FIRST_DAY = LocalDate.of(2021, 3, 22);
    /** The dashboard's time range: the generated trading days with a day either side. */
    private static final Instant FROM =
            FIRST_DAY.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    private static final Instant TO =
            FIRST_DAY.plusDays(DAYS + 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    /** Grafana's default resolution when a panel sets no maxDataPoints: about one point per pixel. */
    private static final int DATA_POINTS = 1000;

    private static final ZoneId TILLS = ZoneId.of("Europe/London");
    private static final Set<Integer> NUMERIC = Set.of(
            Types.TINYINT,
            Types.SMALLINT,
            Types.INTEGER,
            Types.BIGINT,
            Types.NUMERIC,
            Types.DECIMAL,
            Types.REAL,
            Types.FLOAT,
            Types.DOUBLE);
    private static final Set<Integer> TEXT = Set.of(Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR, Types.NVARCHAR);
    private static final Set<Integer> TIME = Set.of(Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.DATE);

    private static String jdbcUrl;
    private static Warehouse warehouse;
    /** Why product_sales_window stayed empty, or null when the job filled it in time. */
    private static String windowsMissing;
    /** What the generator wrote: the panels' values must agree with it. */
    private static SalesTruth truth;

    /** One query of the dashboard: a panel target or a template variable. */
    private record PanelQuery(String panel, String type, JsonNode node, String format, String rawSql) {}

    /** A query's result, read completely. */
    private record Result(List<String> names, List<Integer> types, List<List<Object>> rows) {
        int column(String name) {
            return names.indexOf(name);
        }

        boolean numeric(int i) {
            return NUMERIC.contains(types.get(i));
        }

        boolean text(int i) {
            return TEXT.contains(types.get(i));
        }

        boolean anyNumeric(int except) {
            for (int i = 0; i < names.size(); i++) {
                if (i != except && numeric(i)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return names + " " + rows.size() + " rows" + (rows.isEmpty() ? "" : ", first " + rows.get(0));
        }
    }

    @BeforeAll
    static void loadAWarehouseWithTheRealJob() throws Exception {
        TestStack stack = TestStack.get();
        jdbcUrl = stack.newDatabase("dashboard");
        warehouse = new Warehouse(jdbcUrl);
        // several branches over several days, card and cash payers, both till layouts
        GeneratedDataset data = new SalesGenerator(20261122L)
                .generate(SalesGenerator.Spec.defaults()
                        .withBranches(BRANCHES)
                        .withFilesPerBranch(DAYS)
                        .withReceiptsPerFile(60)
                        .withFirstDate(FIRST_DAY)
                        .withLegacyFraction(0.25));
        truth = data.truth();
        String root = "s3://" + TestStack.BUCKET + "/dashboard-queries/";
        try (RunningJob job = RunningJob.start(stack, jobConfig(root))) {
            for (GeneratedFile file : data.files()) {
                S3Uploads.put(root + file.name(), file.content());
            }
            // rows the parser must reject, for the pipeline-health panels and the rejection alert
            S3Uploads.put(root + "chesterfield_30-03-2021_09-00-00.csv", junk(REJECTED_LINES));
            long files = data.files().size() + 1;
            Await.until(
                    "every file's ledger row complete",
                    () -> warehouse.count("SELECT count(*) FILTER (WHERE complete) FROM ingest_file"),
                    files,
                    Duration.ofSeconds(60));
            try {
                new ProductFigures(warehouse).awaitWindowsMatchTheTruth();
            } catch (AssertionError e) {
                windowsMissing = e.getMessage(); // reported by the panels that read the windows
            }
        }
    }

    @Test
    void dashboardIsSelfContainedAndUsesTheProvisionedDatasource() throws Exception {
        String text = Files.readString(DASHBOARD);
        JsonNode dashboard = new ObjectMapper().readTree(text);
        assertEquals("tillstream-sales", dashboard.path("uid").asText());
        assertEquals(
                "Tillstream — what sells where and when",
                dashboard.path("title").asText());
        assertTrue(dashboard.path("__inputs").isMissingNode(), "an exported-for-sharing dashboard has __inputs");
        assertFalse(text.contains("${DS_"), "datasource placeholders need an import step");

        JsonNode branch = variable(dashboard, "branch");
        assertAll(
                "variable branch",
                () -> assertEquals("query", branch.path("type").asText()),
                () -> assertTrue(branch.path("multi").asBoolean(), "multi-select"),
                () -> assertTrue(branch.path("includeAll").asBoolean(), "include All"),
                // no custom all value: All expands to every branch id, quoted like any selection
                () -> assertTrue(branch.path("allValue").isNull()
                        || branch.path("allValue").isMissingNode()),
                () -> assertDatasource("variable branch", branch.path("datasource")),
                () -> assertTrue(branch.path("refresh").asInt() >= 1, "options reloaded with the dashboard"));

        List<JsonNode> panels = panels(dashboard);
        Set<Integer> ids = new HashSet<>();
        List<Executable> checks = new ArrayList<>();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            String type = panel.path("type").asText();
            checks.add(() -> assertTrue(ids.add(panel.path("id").asInt()), title + ": duplicate panel id"));
            checks.add(() -> assertDatasource(title, panel.path("datasource")));
            checks.add(() -> assertFalse(panel.path("targets").isEmpty(), title + ": no query"));
            for (JsonNode target : panel.path("targets")) {
                String sql = target.path("rawSql").asText();
                checks.add(() -> assertDatasource(title + " target", target.path("datasource")));
                checks.add(() -> assertFalse(sql.isBlank(), title + ": no rawSql"));
                checks.add(() -> assertEquals(
                        type.equals("timeseries") ? "time_series" : "table",
                        target.path("format").asText(),
                        title + ": query format"));
                if (!type.equals("stat")) {
                    // business panels follow the time picker and the branch selection
                    checks.add(() -> assertTrue(sql.contains("$__timeFilter("), title + ": no $__timeFilter"));
                    checks.add(() -> assertTrue(sql.contains("IN ($branch)"), title + ": no branch filter"));
                }
                if (type.equals("timeseries")) {
                    checks.add(() -> assertTrue(
                            sql.contains("$__timeGroupAlias(") || sql.contains("$__time("),
                            title + ": no time column macro"));
                }
            }
        }
        assertAll("panels", checks);
        assertTrue(panels.size() >= 10, "panels: " + panels.size());
    }

    /** The expansion this test relies on, against the cases of Grafana's own PostgreSQL macro tests. */
    @Test
    void macrosExpandAsGrafanaExpandsThem() {
        Instant from = Instant.parse("2018-04-12T18:00:00Z");
        GrafanaMacros.Context context = new GrafanaMacros.Context(
                from, from.plusSeconds(300), Duration.ofMinutes(10), Map.of("branch", List.of("a", "o'b")));
        Map<String, String> expected = Map.of(
                "select $__time(time_column)", "select time_column AS \"time\"",
                "WHERE $__timeFilter(time_column)",
                        "WHERE time_column BETWEEN '2018-04-12T18:00:00Z' AND '2018-04-12T18:05:00Z'",
                "select $__timeFrom()", "select '2018-04-12T18:00:00Z'",
                "SELECT $__timeGroup(time_column,'5m'), value",
                        "SELECT floor(extract(epoch from time_column)/300)*300 AS \"time\", value",
                "SELECT $__timeGroup(time_column,'5m') as time, value",
                        "SELECT floor(extract(epoch from time_column)/300)*300 as time, value",
                "$__timeGroupAlias(time_column , $__interval)",
                        "floor(extract(epoch from time_column)/600)*600 AS \"time\"",
                "select $__unixEpochFilter(time)", "select time >= 1523556000 AND time <= 1523556300",
                "SELECT $__unixEpochGroup(time_column+time_adjustment,'5m')",
                        "SELECT floor((time_column+time_adjustment)/300)*300",
                "x IN ($branch) OR x IN (${branch}) OR x IN (${branch:sqlstring})",
                        "x IN ('a','o''b') OR x IN ('a','o''b') OR x IN ('a','o''b')",
                "$__interval_ms ${branch:csv} $__interval", "600000 a,o'b 10m");
        expected.forEach((sql, grafana) -> assertEquals(grafana, GrafanaMacros.expand(sql, context), sql));
        assertThrows(IllegalArgumentException.class, () -> GrafanaMacros.expand("$__timeFiltre(x)", context));
        assertEquals(
                Duration.ofMinutes(5),
                GrafanaMacros.panelInterval(FROM, TO, DATA_POINTS, Duration.ZERO),
                "five days over 1000 points");
    }

    @Test
    void everyQueryRunsAsGrafanaReaderAndReturnsWhatItsPanelNeeds() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        GrafanaMacros.Context noBranches = new GrafanaMacros.Context(FROM, TO, Duration.ofHours(1), Map.of());
        List<String> branchIds = new ArrayList<>();
        try (Connection reader = reader()) {
            String variableSql = variable(dashboard, "branch").path("query").asText();
            Result options = run(reader, GrafanaMacros.expand(variableSql, noBranches));
            assertTrue(options.column("__text") >= 0 && options.column("__value") >= 0, "variable columns " + options);
            assertEquals(BRANCHES, options.rows().size(), "branch options " + options);
            for (List<Object> row : options.rows()) {
                branchIds.add((String) row.get(options.column("__value")));
            }

            // "All" selected with Grafana's own interval per panel; then a single branch over 1 h buckets
            GrafanaMacros.Context all = new GrafanaMacros.Context(FROM, TO, null, Map.of("branch", branchIds));
            GrafanaMacros.Context one =
                    new GrafanaMacros.Context(FROM, TO, null, Map.of("branch", List.of(branchIds.get(0))));
            List<Executable> checks = new ArrayList<>();
            for (PanelQuery query : queries(dashboard)) {
                String minimum = query.node().path("interval").asText("");
                Duration interval = GrafanaMacros.panelInterval(
                        FROM,
                        TO,
                        query.node().path("maxDataPoints").asInt(DATA_POINTS),
                        minimum.isEmpty() ? Duration.ZERO : GrafanaMacros.parseInterval(minimum));
                checks.add(() -> checkPanel(reader, query, all.withInterval(interval), "all branches"));
                checks.add(() ->
                        checkPanel(reader, query, one.withInterval(max(interval, Duration.ofHours(1))), "one branch"));
            }
            assertAll("panel queries as " + READER, checks);
        }
    }

    /**
     * What a manager reads off each business panel, for all branches over the whole range, equals
     * what the generator wrote: the best sellers with their items and revenue, each branch's revenue,
     * receipts and average basket, receipts per hour, payment types, new and returning customers.
     */
    @Test
    void businessPanelsShowTheGeneratorsTruth() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Map<String, BigDecimal[]> productTotals = new HashMap<>();
        Map<String, BigDecimal> branchRevenue = new HashMap<>();
        truth.products().forEach((key, tally) -> {
            String label = key.size() + " " + key.product() + (key.flavour().isEmpty() ? "" : " - " + key.flavour());
            productTotals.merge(label, new BigDecimal[] {BigDecimal.valueOf(tally.count()), tally.revenue()}, (a, b) ->
                    new BigDecimal[] {a[0].add(b[0]), a[1].add(b[1])});
            branchRevenue.merge(key.branch(), tally.revenue(), BigDecimal::add);
        });
        List<List<String>> bestSellers = productTotals.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, BigDecimal[]> e) -> e.getValue()[0])
                        .thenComparing(e -> e.getValue()[1])
                        .reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(10)
                .map(e -> List.of(e.getKey(), e.getValue()[0].toPlainString(), e.getValue()[1].toPlainString()))
                .toList();
        Map<String, String> receipts = new HashMap<>();
        Map<String, String> averages = new HashMap<>();
        truth.receiptsPerBranch().forEach((branch, count) -> {
            receipts.put(branch, count.toString());
            averages.put(
                    branch,
                    branchRevenue.get(branch).divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP) + " " + count);
        });
        Map<String, String> revenue = new HashMap<>();
        branchRevenue.forEach((branch, amount) -> revenue.put(branch, amount.toPlainString()));

        try (Connection reader = reader()) {
            List<String> branchIds = new ArrayList<>();
            for (List<Object> row :
                    run(reader, "SELECT branch_id::text FROM branch").rows()) {
                branchIds.add((String) row.get(0));
            }
            GrafanaMacros.Context all =
                    new GrafanaMacros.Context(FROM, TO, Duration.ofHours(1), Map.of("branch", branchIds));
            Map<String, Result> panels = new HashMap<>();
            for (PanelQuery query : queries(dashboard)) {
                panels.put(
                        query.panel().replaceFirst(" \\[\\w+]$", ""),
                        run(reader, GrafanaMacros.expand(query.rawSql(), all)));
            }
            Result top = panels.get("Top products");
            Result popularity = panels.get("Product popularity over time (top 5)");
            assertAll(
                    "panel values against the generator's truth",
                    () -> assertEquals(bestSellers, text(top.rows()), "Top products"),
                    () -> assertEquals(
                            bestSellers.stream()
                                    .filter(row -> totals(popularity, "metric", "items")
                                            .containsKey(row.get(0)))
                                    .collect(Collectors.toMap(row -> row.get(0), row -> row.get(1))),
                            totals(popularity, "metric", "items"),
                            "Product popularity over time: each line's items add up to the product's"),
                    () -> assertEquals(5, totals(popularity, "metric", "items").size(), "five lines"),
                    () -> assertEquals(revenue, totals(panels.get("Revenue by branch"), "metric", "revenue")),
                    () -> assertEquals(
                            receipts,
                            totals(panels.get("Receipts by hour of day (till local time)"), "branch", "receipts")),
                    () -> assertEquals(
                            Map.of(
                                    "CARD", Long.toString(truth.cardReceipts()),
                                    "CASH", Long.toString(truth.totalReceipts() - truth.cardReceipts())),
                            totals(panels.get("Payment type"), "payment_type", "receipts")),
                    () -> assertEquals(averages, averageBaskets(panels.get("Average basket by branch"))),
                    () -> assertEquals(
                            Map.of(
                                    "new", Long.toString(truth.newCustomerDays()),
                                    "returning", Long.toString(truth.returningCustomerDays())),
                            columnTotals(panels.get("New vs returning card customers per day"), "new", "returning")));
        }
    }

    @Test
    void grafanaReaderCanLogInAndReadButNeverWrite() throws Exception {
        assertEquals(
                List.of(List.of("t", "t")),
                warehouse.rows(
                        "SELECT rolcanlogin, rolpassword IS NOT NULL FROM pg_authid WHERE rolname = '" + READER + "'"),
                "the job's main() gives " + READER + " LOGIN and the configured password (grafana.password)");
        try (Connection reader = reader();
                Statement s = reader.createStatement()) {
            assertTrue(s.executeQuery("SELECT count(*) FROM sale").next(), "SELECT as " + READER);
            List<String> writes = List.of(
                    "INSERT INTO sale (sale_id, branch_id, sold_at, payment_type, total, item_count, source_file,"
                            + " source_line) VALUES (gen_random_uuid(), gen_random_uuid(), now(), 'CASH', 1.00, 1,"
                            + " 'grafana', 1)",
                    "UPDATE branch SET name = name",
                    "DELETE FROM ingest_file_stream",
                    "TRUNCATE rejected_row",
                    "CREATE TABLE grafana_scratch (x int)");
            List<Executable> checks = new ArrayList<>();
            for (String write : writes) {
                checks.add(() -> {
                    SQLException e = assertThrows(SQLException.class, () -> s.execute(write), write);
                    assertEquals(INSUFFICIENT_PRIVILEGE, e.getSQLState(), write + ": " + e.getMessage());
                });
            }
            assertAll("writes as " + READER, checks);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void alertRulesQueryTheWarehouseAndFireOnlyWhenTheyShould() throws Exception {
        Map<String, Map<String, Object>> rules = new HashMap<>();
        for (Map<String, Object> group : maps(yaml(ALERT_RULES).get("groups"))) {
            assertNotNull(group.get("name"), "group name");
            GrafanaMacros.parseInterval(String.valueOf(group.get("interval")));
            for (Map<String, Object> rule : maps(group.get("rules"))) {
                assertNull(rules.put((String) rule.get("uid"), rule), "duplicate rule uid " + rule.get("uid"));
                checkRuleShape(rule);
            }
        }
        assertEquals(
                Set.of(
                        "tillstream-no-new-sales",
                        "tillstream-rejected-rows",
                        "tillstream-ledger-mismatch",
                        "tillstream-stalled-files"),
                rules.keySet());
        LedgerAssertions.assertLedgerMatchesWarehouse(warehouse);
        try (Connection reader = reader()) {
            assertFalse(fires(reader, rules.get("tillstream-ledger-mismatch"), sql -> sql), "ledger agrees");
            assertFalse(fires(reader, rules.get("tillstream-stalled-files"), sql -> sql), "every file complete");
        }
        // what the rules exist for, planted in a transaction that is rolled back
        try (Connection owner = warehouse.connect();
                Statement s = owner.createStatement()) {
            owner.setAutoCommit(false);
            s.execute("INSERT INTO sale (sale_id, branch_id, sold_at, payment_type, total, item_count, source_file,"
                    + " source_line, loaded_at) VALUES (gen_random_uuid(), gen_random_uuid(), now(), 'CASH', 1.00, 0,"
                    + " 's3://nowhere/unledgered.csv', 1, now() - interval '1 hour')");
            s.execute("UPDATE ingest_file_stream SET complete = false, read_to_end = false,"
                    + " updated_at = now() - interval '1 hour'"
                    + " WHERE path = (SELECT min(path) FROM ingest_file_stream)");
            assertTrue(
                    fires(owner, rules.get("tillstream-ledger-mismatch"), sql -> sql), "a sale without a ledger row");
            assertTrue(fires(owner, rules.get("tillstream-stalled-files"), sql -> sql), "a file stuck half read");
            owner.rollback();
        }

        try (Connection reader = reader()) {
            Map<String, Object> rejected = rules.get("tillstream-rejected-rows");
            assertEquals((double) REJECTED_LINES, value(reader, rejected, sql -> sql, "A"), "rejected last hour");
            assertTrue(fires(reader, rejected, sql -> sql), "more rows than the threshold rejected just now");

            Map<String, Object> quiet = rules.get("tillstream-no-new-sales");
            assertFalse(fires(reader, quiet, sql -> sql), "sales were loaded moments ago");
            // the same rule evaluated at other moments: now() pinned to a London wall-clock time tomorrow
            LocalDate tomorrow = LocalDate.now(TILLS).plusDays(1);
            Map<LocalTime, Boolean> expected = Map.of(
                    LocalTime.of(12, 0), true, // four hours without a sale while open
                    LocalTime.of(8, 10), false, // open ten minutes: counted from opening, not last night
                    LocalTime.of(20, 0), false); // closed
            for (Map.Entry<LocalTime, Boolean> moment : expected.entrySet()) {
                Instant at = tomorrow.atTime(moment.getKey()).atZone(TILLS).toInstant();
                assertEquals(
                        moment.getValue(),
                        fires(reader, quiet, sql -> pinNow(sql, at)),
                        "no-new-sales rule at " + moment.getKey() + " London time");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void provisioningAgreesWithComposeAndTheSchema() throws Exception {
        List<Map<String, Object>> datasources = maps(yaml(DATASOURCES).get("datasources"));
        assertEquals(1, datasources.size(), "datasources");
        Map<String, Object> datasource = datasources.get(0);
        Map<String, Object> jsonData = (Map<String, Object>) datasource.get("jsonData");
        Map<String, Object> secure = (Map<String, Object>) datasource.get("secureJsonData");

        Map<String, Object> services = (Map<String, Object>) yaml(COMPOSE).get("services");
        Map<String, Object> postgres = (Map<String, Object>) services.get("postgres");
        Map<String, Object> grafana = (Map<String, Object>) services.get("grafana");
        Map<String, String> grafanaMounts = mounts(grafana);
        String passwordVariable = Setting.GRAFANA_PASSWORD.environmentVariable();

        Map<String, Object> provider =
                maps(yaml(DASHBOARD_PROVIDERS).get("providers")).get(0);
        Map<String, Object> options = (Map<String, Object>) provider.get("options");

        Set<String> referenced = new TreeSet<>(dashboardDatasourceUids());
        for (Map<String, Object> group : maps(yaml(ALERT_RULES).get("groups"))) {
            assertEquals(provider.get("folder"), group.get("folder"), "alert rules sit next to the dashboard");
            for (Map<String, Object> rule : maps(group.get("rules"))) {
                for (Map<String, Object> query : maps(rule.get("data"))) {
                    if (!"__expr__".equals(query.get("datasourceUid"))) {
                        referenced.add((String) query.get("datasourceUid"));
                    }
                }
            }
        }

        assertAll(
                "provisioning",
                () -> assertEquals(Set.of(DATASOURCE_UID), referenced, "datasource uids used"),
                () -> assertEquals(DATASOURCE_UID, datasource.get("uid")),
                () -> assertEquals(DATASOURCE_TYPE, datasource.get("type")),
                () -> assertEquals(READER, datasource.get("user"), "Grafana logs in as the SELECT-only role"),
                () -> assertTrue(
                        Pattern.compile("CREATE ROLE " + READER + "\\b")
                                .matcher(Files.readString(ANALYTICS_MIGRATION))
                                .find(),
                        "V3__analytics.sql creates " + READER),
                () -> assertEquals(
                        environment(postgres).get("POSTGRES_DB"),
                        jsonData.get("database"),
                        "datasource database = the compose warehouse"),
                () -> assertEquals("postgres:5432", datasource.get("url"), "compose service postgres"),
                () -> assertEquals("$" + passwordVariable, secure.get("password"), "datasource password"),
                () -> assertTrue(
                        environment(grafana).containsKey(passwordVariable),
                        "grafana service passes " + passwordVariable),
                () -> assertEquals(
                        environment(grafana).get(passwordVariable),
                        environment(postgres).get(passwordVariable),
                        "postgres (whose init script sets the role's password) gets the same " + passwordVariable),
                () -> assertEquals(
                        options.get("path"),
                        grafanaMounts.get("./grafana/dashboards"),
                        "dashboards provider path = the dashboards volume mount"),
                () -> assertTrue(
                        DASHBOARD.startsWith(Path.of("grafana/dashboards")), "dashboard inside the mounted folder"),
                () -> assertEquals(
                        "/etc/grafana/provisioning",
                        grafanaMounts.get("./grafana/provisioning"),
                        "provisioning folder mounted where Grafana reads it"),
                () -> assertTrue(
                        ALERT_RULES.startsWith(Path.of("grafana/provisioning/alerting")),
                        "alert rules in provisioning/alerting"));
    }

    private static void checkPanel(Connection reader, PanelQuery query, GrafanaMacros.Context context, String variant)
            throws SQLException {
        String what = query.panel() + " (" + variant + ", $__interval " + context.interval() + ")";
        String sql = GrafanaMacros.expand(query.rawSql(), context);
        Result result;
        try {
            result = run(reader, sql);
        } catch (SQLException e) {
            throw new AssertionError(what + " failed: " + e.getMessage() + "\n" + sql, e);
        }
        if (result.rows().isEmpty()) {
            String hint = windowsMissing != null && sql.contains("product_sales_window")
                    ? " (the job wrote no product_sales_window rows: " + windowsMissing + ")"
                    : "";
            fail(what + " returned no rows" + hint + "\n" + sql);
        }
        List<String> problems = new ArrayList<>();
        switch (query.type()) {
            case "timeseries" -> {
                int time = result.column("time");
                if (time < 0) {
                    problems.add("no column named time");
                } else {
                    if (!result.numeric(time) && !TIME.contains(result.types().get(time))) {
                        problems.add("time column is neither epoch seconds nor a timestamp");
                    }
                    if (!sortedBy(result, time)) {
                        problems.add("rows not ordered by time");
                    }
                }
                if (!result.anyNumeric(time)) {
                    problems.add("no numeric value column");
                }
                int metric = result.column("metric");
                if (metric >= 0 && !result.text(metric)) {
                    problems.add("metric column is not text");
                }
            }
            case "piechart" -> {
                if (!result.anyNumeric(-1) || !anyText(result)) {
                    problems.add("needs a text label and a numeric value");
                }
            }
            case "barchart" -> {
                int x = result.column(
                        query.node().path("options").path("xField").asText());
                if (x < 0 || !result.text(x)) {
                    problems.add("no text column for the xField");
                }
                if (!result.anyNumeric(x)) {
                    problems.add("no numeric value column");
                }
            }
            case "stat" -> {
                if (result.rows().size() != 1) {
                    problems.add("a stat reads one row, got " + result.rows().size());
                }
                if (!result.anyNumeric(-1)) {
                    problems.add("no numeric column");
                }
                for (int i = 0; i < result.names().size(); i++) {
                    if (result.rows().get(0).get(i) == null) {
                        problems.add(result.names().get(i) + " is null on a loaded warehouse");
                    }
                }
            }
            case "table", "bargauge" -> {
                if (!result.anyNumeric(-1)) {
                    problems.add("no numeric column");
                }
                for (JsonNode transformation : query.node().path("transformations")) {
                    for (String field : List.of("rowField", "columnField", "valueField")) {
                        String name = transformation.path("options").path(field).asText(null);
                        if (name != null && result.column(name) < 0) {
                            problems.add(transformation.path("id").asText() + " " + field + " " + name + " missing");
                        }
                    }
                }
            }
            default -> problems.add("panel type " + query.type() + " not covered by this test");
        }
        assertEquals(List.of(), problems, what + ": " + result + "\n" + sql);
    }

    /** Checks a rule's structure: query A on the warehouse, reduce, then threshold as its condition. */
    @SuppressWarnings("unchecked")
    private static void checkRuleShape(Map<String, Object> rule) {
        String uid = (String) rule.get("uid");
        assertNotNull(rule.get("title"), uid + " title");
        Map<String, Map<String, Object>> byRef = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (Map<String, Object> query : maps(rule.get("data"))) {
            String ref = (String) query.get("refId");
            Map<String, Object> model = (Map<String, Object>) query.get("model");
            assertEquals(ref, model.get("refId"), uid + " model refId");
            Map<String, Object> modelDatasource = (Map<String, Object>) model.get("datasource");
            if ("__expr__".equals(query.get("datasourceUid"))) {
                assertEquals("__expr__", modelDatasource.get("uid"), uid + " " + ref);
                String input = (String) model.get("expression");
                assertTrue(order.contains(input), uid + " " + ref + " reads " + input + ", not an earlier refId");
                switch ((String) model.get("type")) {
                    case "reduce" ->
                        assertTrue(
                                Set.of("last", "mean", "min", "max", "sum", "count")
                                        .contains(model.get("reducer")),
                                uid + " reducer " + model.get("reducer"));
                    case "threshold" -> {
                        List<Map<String, Object>> conditions = maps(model.get("conditions"));
                        assertEquals(1, conditions.size(), uid + " threshold conditions");
                        Map<String, Object> evaluator =
                                (Map<String, Object>) conditions.get(0).get("evaluator");
                        assertTrue(Set.of("gt", "lt").contains(evaluator.get("type")), uid + " evaluator");
                        assertEquals(1, list(evaluator.get("params")).size(), uid + " threshold params");
                    }
                    default -> fail(uid + " " + ref + ": expression type " + model.get("type") + " not covered");
                }
            } else {
                assertEquals(DATASOURCE_UID, query.get("datasourceUid"), uid + " " + ref + " datasourceUid");
                assertEquals(DATASOURCE_UID, modelDatasource.get("uid"), uid + " " + ref + " model datasource");
                assertEquals(DATASOURCE_TYPE, modelDatasource.get("type"), uid + " " + ref + " model datasource");
                assertEquals("table", model.get("format"), uid + " " + ref + " format");
                assertFalse(String.valueOf(model.get("rawSql")).isBlank(), uid + " " + ref + " rawSql");
            }
            byRef.put(ref, query);
            order.add(ref);
        }
        assertTrue(byRef.containsKey((String) rule.get("condition")), uid + " condition refers to a refId");
        assertTrue(Set.of("NoData", "Alerting", "OK", "KeepLast").contains(rule.get("noDataState")), uid);
        assertTrue(Set.of("Error", "Alerting", "OK", "KeepLast").contains(rule.get("execErrState")), uid);
        GrafanaMacros.parseInterval(String.valueOf(rule.get("for")));
    }

    private interface SqlEdit {
        String apply(String sql);
    }

    /** Whether the rule's condition holds now, as Grafana evaluates it once per interval. */
    private static boolean fires(Connection reader, Map<String, Object> rule, SqlEdit edit) throws SQLException {
        return value(reader, rule, edit, (String) rule.get("condition")) != 0;
    }

    /**
     * The value of one refId of a rule: the datasource query's single number (one row, one numeric
     * column, as Grafana alerting reads a table), a reduction of it, or a threshold's 1 or 0.
     */
    @SuppressWarnings("unchecked")
    private static double value(Connection reader, Map<String, Object> rule, SqlEdit edit, String ref)
            throws SQLException {
        Map<String, Object> query = maps(rule.get("data")).stream()
                .filter(q -> ref.equals(q.get("refId")))
                .findFirst()
                .orElseThrow();
        Map<String, Object> model = (Map<String, Object>) query.get("model");
        if (!"__expr__".equals(query.get("datasourceUid"))) {
            String sql = edit.apply(GrafanaMacros.expand(
                    (String) model.get("rawSql"),
                    new GrafanaMacros.Context(FROM, TO, Duration.ofMinutes(1), Map.of())));
            Result result = run(reader, sql);
            assertEquals(1, result.rows().size(), rule.get("uid") + " query rows " + result);
            assertEquals(1, result.names().size(), rule.get("uid") + " query columns " + result);
            assertTrue(result.numeric(0), rule.get("uid") + " query value is not numeric " + result);
            assertNotNull(result.rows().get(0).get(0), rule.get("uid") + " query value is null");
            return ((Number) result.rows().get(0).get(0)).doubleValue();
        }
        double input = value(reader, rule, edit, (String) model.get("expression"));
        if ("reduce".equals(model.get("type"))) {
            return input; // a single number reduces to itself
        }
        Map<String, Object> evaluator =
                (Map<String, Object>) maps(model.get("conditions")).get(0).get("evaluator");
        double threshold = ((Number) list(evaluator.get("params")).get(0)).doubleValue();
        boolean holds = "gt".equals(evaluator.get("type")) ? input > threshold : input < threshold;
        return holds ? 1 : 0;
    }

    /** The rule's SQL as if it ran at {@code at}: every {@code now()} replaced by that instant. */
    private static String pinNow(String sql, Instant at) {
        assertTrue(sql.contains("now()"), "the rule reads the clock with now(): " + sql);
        return sql.replace("now()", "timestamptz '" + at + "'");
    }

    private static TillstreamConfig jobConfig(String root) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        values.put(Setting.INPUT_PATH, root);
        values.put(Setting.JDBC_URL, jdbcUrl);
        values.put(Setting.JDBC_USER, EmbeddedWarehouse.USER);
        values.put(Setting.JDBC_PASSWORD, EmbeddedWarehouse.PASSWORD);
        values.put(Setting.HMAC_SECRET, TestConfigs.HMAC_SECRET);
        values.put(Setting.CHECKPOINT_INTERVAL, "1s");
        values.put(Setting.MONITOR_INTERVAL, "500ms");
        values.put(Setting.PARALLELISM, "2");
        values.put(Setting.GRAFANA_PASSWORD, READER_PASSWORD); // main() lets grafana_reader log in
        return TillstreamConfig.of(values);
    }

    /** A current-layout file whose lines all have the wrong number of columns. */
    private static byte[] junk(int lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            text.append("not a sale,").append(i).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Connects the way Grafana's datasource does: as grafana_reader with its password. */
    private static Connection reader() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, READER, READER_PASSWORD);
    }

    private static Result run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> names = new ArrayList<>();
            List<Integer> types = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnLabel(i));
                types.add(meta.getColumnType(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= names.size(); i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return new Result(names, types, rows);
        }
    }

    private static List<List<String>> text(List<List<Object>> rows) {
        return rows.stream()
                .map(row -> row.stream().map(value -> plain(value)).toList())
                .toList();
    }

    /** The panel's {@code value} column summed per {@code label}, as plain decimal text. */
    private static Map<String, String> totals(Result result, String label, String value) {
        Map<String, BigDecimal> sums = new HashMap<>();
        for (List<Object> row : result.rows()) {
            sums.merge(
                    (String) row.get(result.column(label)),
                    new BigDecimal(plain(row.get(result.column(value)))),
                    BigDecimal::add);
        }
        Map<String, String> totals = new HashMap<>();
        sums.forEach((key, sum) -> totals.put(key, sum.toPlainString()));
        return totals;
    }

    private static Map<String, String> columnTotals(Result result, String... columns) {
        Map<String, String> totals = new HashMap<>();
        for (String column : columns) {
            BigDecimal sum = BigDecimal.ZERO;
            for (List<Object> row : result.rows()) {
                sum = sum.add(new BigDecimal(plain(row.get(result.column(column)))));
            }
            totals.put(column, sum.toPlainString());
        }
        return totals;
    }

    private static Map<String, String> averageBaskets(Result result) {
        Map<String, String> averages = new HashMap<>();
        for (List<Object> row : result.rows()) {
            averages.put(
                    (String) row.get(result.column("branch")),
                    plain(row.get(result.column("average_basket"))) + " " + plain(row.get(result.column("receipts"))));
        }
        return averages;
    }

    private static String plain(Object value) {
        return value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
    }

    private static boolean sortedBy(Result result, int column) {
        double previous = Double.NEGATIVE_INFINITY;
        for (List<Object> row : result.rows()) {
            Object value = row.get(column);
            double current = value instanceof Number n
                    ? n.doubleValue()
                    : value instanceof Timestamp t
                            ? t.getTime() / 1000.0
                            : value instanceof java.sql.Date d ? d.getTime() / 1000.0 : Double.NaN;
            if (!(current >= previous)) {
                return false;
            }
            previous = current;
        }
        return true;
    }

    private static boolean anyText(Result result) {
        for (int i = 0; i < result.names().size(); i++) {
            if (result.text(i)) {
                return true;
            }
        }
        return false;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static void assertDatasource(String where, JsonNode datasource) {
        assertEquals(DATASOURCE_TYPE, datasource.path("type").asText(), where + " datasource type");
        assertEquals(DATASOURCE_UID, datasource.path("uid").asText(), where + " datasource uid");
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (name.equals(variable.path("name").asText())) {
                return variable;
            }
        }
        throw new AssertionError("no template variable " + name);
    }

    /** Every panel that is not a row, including those inside (collapsed) rows. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> found = new ArrayList<>();
        collectPanels(dashboard.path("panels"), found);
        return found;
    }

    private static void collectPanels(JsonNode panels, List<JsonNode> found) {
        for (JsonNode panel : panels) {
            if ("row".equals(panel.path("type").asText())) {
                collectPanels(panel.path("panels"), found);
            } else {
                found.add(panel);
                collectPanels(panel.path("panels"), found);
            }
        }
    }

    private static List<PanelQuery> queries(JsonNode dashboard) {
        List<PanelQuery> queries = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new PanelQuery(
                        panel.path("title").asText() + " ["
                                + target.path("refId").asText() + "]",
                        panel.path("type").asText(),
                        panel,
                        target.path("format").asText(),
                        target.path("rawSql").asText()));
            }
        }
        return queries;
    }

    /** The uid of every datasource the dashboard names, except Grafana's built-in annotations. */
    private static Set<String> dashboardDatasourceUids() throws IOException {
        Set<String> uids = new TreeSet<>();
        Matcher m = Pattern.compile("\"datasource\"\\s*:\\s*\\{[^}]*\"uid\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(Files.readString(DASHBOARD));
        while (m.find()) {
            uids.add(m.group(1));
        }
        uids.remove("-- Grafana --");
        return uids;
    }

    /** A compose service's volume mounts in short syntax, host path → container path. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> mounts(Map<String, Object> service) {
        Map<String, String> mounts = new HashMap<>();
        for (Object volume : (List<Object>) service.get("volumes")) {
            if (volume instanceof String spec) {
                String[] parts = spec.split(":");
                mounts.put(parts[0], parts[1]);
            }
        }
        return mounts;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        return (Map<String, Object>) service.get("environment");
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        // SnakeYAML (shaded in Flink's Jackson) also resolves compose's anchors and merge keys
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertNotNull(value, "missing list");
        return (List<Object>) value;
    }

    /** A YAML list of mappings. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        assertNotNull(value, "missing list");
        return (List<Map<String, Object>>) value;
    }
}
