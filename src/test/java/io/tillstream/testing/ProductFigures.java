package io.tillstream.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillstream.warehouse.GrafanaMacros;
import io.tillstream.warehouse.SqlResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The product figures as a manager sees them, against the truth: the dashboard's own product panels
 * (Grafana's macros expanded) run once on {@code product_sales_window} and once on a GROUP BY over
 * {@code sale_item} in its place, and compared row by row; and the table itself, window by window.
 */
public final class ProductFigures {
    private static final Path DASHBOARD = Path.of("grafana/dashboards/tillstream.json");
    /** Intervals at which the panels are read: the popularity panel picks the window size from them. */
    private static final List<Duration> INTERVALS = List.of(Duration.ofMinutes(15), Duration.ofHours(1));

    private final Warehouse warehouse;

    public ProductFigures(Warehouse warehouse) throws SQLException {
        this.warehouse = warehouse;
        try (Connection c = warehouse.connect();
                Statement s = c.createStatement()) {
            s.execute(SqlResource.load("sql/truth_product_sales_window.sql"));
        }
    }

    /** Windows of the table that differ from the truth; empty when every figure is right. */
    public List<List<String>> windowMismatches() throws SQLException {
        return warehouse.rows(SqlResource.load("sql/window_mismatches.sql"));
    }

    /** Waits until every window equals the truth (figures are recomputed a checkpoint after their sales commit). */
    public void awaitWindowsMatchTheTruth() throws Exception {
        Await.until("product_sales_window equal to a GROUP BY over sale_item", this::windowMismatches, List.of());
    }

    /**
     * Waits until the windows of each size count all {@code items} item sales of the warehouse, which
     * reads only the table: a figure of how far the refreshes are that does not compete with them,
     * as polling {@link #windowMismatches} (which reads every sale) does.
     */
    public void awaitEveryItemCounted(long items) throws Exception {
        Await.until(
                "product_sales_window counting every item sale at each window size",
                () -> warehouse
                        .rows(
                                "SELECT count(*) FILTER (WHERE total <> " + items + ") = 0 AND count(*) > 0"
                                        + " FROM (SELECT sum(items) AS total FROM product_sales_window GROUP BY window_minutes) t")
                        .get(0)
                        .get(0),
                "t");
    }

    /**
     * Every product panel, over the whole period of the sales, for all branches and for each branch
     * alone, at each interval: the rows it shows from the table equal those it shows from the truth.
     */
    public void assertPanelsShowTheTruth() throws Exception {
        Map<String, List<List<String>>> shown = panelRows("public");
        Map<String, List<List<String>>> truth = panelRows("truth, public");
        assertEquals(truth.keySet(), shown.keySet());
        for (String view : truth.keySet()) {
            assertEquals(truth.get(view), shown.get(view), view);
        }
    }

    /** The share of item sales (finest windows) that came after their window's figure was final. */
    public double shareAfterFinal() throws SQLException {
        return warehouse
                .decimal("SELECT coalesce(sum(items - items_when_final) FILTER (WHERE is_final), 0)::numeric"
                        + " / greatest(sum(items), 1)"
                        + " FROM product_sales_window"
                        + " WHERE window_minutes = (SELECT min(window_minutes) FROM product_sales_window)")
                .doubleValue();
    }

    private Map<String, List<List<String>>> panelRows(String searchPath) throws Exception {
        List<String> branches = warehouse.rows("SELECT branch_id::text FROM branch ORDER BY 1").stream()
                .map(row -> row.get(0))
                .toList();
        Instant from = Instant.ofEpochSecond(
                warehouse.count("SELECT extract(epoch FROM min(sold_at) - interval '1 day')::bigint FROM sale"));
        Instant to = Instant.ofEpochSecond(
                warehouse.count("SELECT extract(epoch FROM max(sold_at) + interval '1 day')::bigint FROM sale"));
        List<List<String>> selections = new ArrayList<>();
        selections.add(branches);
        branches.forEach(branch -> selections.add(List.of(branch)));

        Map<String, List<List<String>>> rows = new LinkedHashMap<>();
        try (Connection c = warehouse.connect();
                Statement s = c.createStatement()) {
            s.execute("SET search_path = " + searchPath);
            for (Map.Entry<String, String> panel : productPanels().entrySet()) {
                for (Duration interval : INTERVALS) {
                    for (List<String> selection : selections) {
                        String sql = GrafanaMacros.expand(
                                panel.getValue(),
                                new GrafanaMacros.Context(from, to, interval, Map.of("branch", selection)));
                        rows.put(
                                panel.getKey() + " at " + interval + " for " + selection.size() + " branches "
                                        + selection.get(0),
                                Warehouse.rows(s, sql));
                    }
                }
            }
        }
        return rows;
    }

    /** The dashboard's panels that read the product figures, by title. */
    private static Map<String, String> productPanels() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Map<String, String> panels = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String sql = target.path("rawSql").asText();
                if (sql.contains("product_sales_window")) {
                    panels.put(panel.path("title").asText(), sql);
                }
            }
        }
        if (panels.size() < 2) {
            throw new AssertionError("expected the product panels in " + DASHBOARD + ", found " + panels.keySet());
        }
        return panels;
    }
}
