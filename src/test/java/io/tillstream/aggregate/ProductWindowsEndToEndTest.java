package io.tillstream.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillstream.job.Setting;
import io.tillstream.local.GeneratedFile;
import io.tillstream.local.S3Uploads;
import io.tillstream.local.SalesGenerator;
import io.tillstream.testing.Await;
import io.tillstream.testing.RunningJob;
import io.tillstream.testing.TestConfigs;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import io.tillstream.warehouse.SqlResource;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The windowed figures against the truth, a GROUP BY over sale_item, when files arrive as they do:
 * in event-time order; a branch's earlier day after other branches' later days (within the allowed
 * lateness); half a file, then its other half after its windows closed (late corrections); and a
 * file later than the allowed lateness, whose sales still load but are kept out of the windows and
 * listed as late.
 */
class ProductWindowsEndToEndTest {
    private static final Pattern FILE_NAME = Pattern.compile("(.+)_(\\d{2})-(\\d{2})-(\\d{4})_08-00-00\\.csv");
    private static final String ROOT = "s3://" + TestStack.BUCKET + "/windows/";
    private static final String BACKLOG = "s3://" + TestStack.BUCKET + "/windows-backlog/";

    /** Files by branch slug, then day. */
    private final Map<String, Map<LocalDate, GeneratedFile>> files = new TreeMap<>();

    private static final LocalDate D1 = LocalDate.of(2021, 4, 5);
    private static final Map<Setting, String> WINDOWS = Map.of(
            Setting.WINDOW, "15min",
            Setting.COARSE_WINDOW, "1h",
            Setting.ALLOWED_LATENESS, "2d",
            Setting.OUT_OF_ORDERNESS, "1min",
            Setting.IDLENESS, "1s");

    private Warehouse warehouse;

    /**
     * A first deployment finds weeks of files waiting, listed branch by branch. Read in that order,
     * one branch would carry event time to the last day and every other branch's sales would miss
     * their windows. One reader, so that the order is the only thing under test: with several, a
     * reader stalled for longer than the idleness timeout lets the others carry event time ahead.
     */
    @Test
    void aBacklogWaitingInTheBucketFillsEveryWindow() throws Exception {
        generate();
        TestStack stack = TestStack.get();
        for (Map<LocalDate, GeneratedFile> days : files.values()) {
            for (GeneratedFile file : days.values()) {
                S3Uploads.put(BACKLOG + file.name(), file.content());
            }
        }
        String jdbcUrl = stack.newDatabase("backlog");
        warehouse = new Warehouse(jdbcUrl);
        Map<Setting, String> oneReader = new HashMap<>(WINDOWS);
        oneReader.put(Setting.PARALLELISM, "1");
        try (RunningJob job = RunningJob.start(stack, TestConfigs.job(BACKLOG, jdbcUrl, oneReader))) {
            Await.until(
                    "files complete in the ledger",
                    () -> warehouse.count("SELECT count(*) FROM ingest_file WHERE complete"),
                    16L);
            awaitWindowsMatchTheTruth();
        }
        assertEquals(0, warehouse.count("SELECT count(*) FROM product_sales_late"), "no sale missed its window");
    }

    @Test
    void windowsEqualTheGroupByTruthWhateverTheArrivalOrder() throws Exception {
        LocalDate d1 = D1;
        generate();
        List<String> branches = new ArrayList<>(files.keySet());
        String b0 = branches.get(0), b1 = branches.get(1), b2 = branches.get(2), tooLate = branches.get(3);
        LocalDate d2 = d1.plusDays(1), d3 = d1.plusDays(2), d4 = d1.plusDays(3);
        List<String> b1d3 = halves(file(b1, d3));

        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("windows");
        warehouse = new Warehouse(jdbcUrl);
        try (RunningJob job = RunningJob.start(stack, TestConfigs.job(ROOT, jdbcUrl, WINDOWS))) {
            upload(name(b0, d1), text(b0, d1), name(b1, d1), text(b1, d1), name(b2, d1), text(b2, d1));
            upload(name(b1, d2), text(b1, d2), name(b2, d2), text(b2, d2));
            upload(name(b0, d3), text(b0, d3), name(b2, d3), text(b2, d3), name(b1, d3), b1d3.get(0));
            upload(name(b0, d2), text(b0, d2)); // an earlier day after later ones, within the lateness
            upload("second-half/" + name(b1, d3), b1d3.get(1)); // its windows closed with the first half
            upload(name(b0, d4), text(b0, d4), name(b1, d4), text(b1, d4), name(b2, d4), text(b2, d4));
            upload(name(tooLate, d1), text(tooLate, d1)); // ended more than 2 days before the watermark

            awaitWindowsMatchTheTruth();

            long lateRows = warehouse.count("SELECT count(*) FROM product_sales_late");
            Await.until("late product sales counted by the metric", () -> job.metric("lateProductSales"), lateRows);
        }

        String tooLateBranch =
                "(SELECT branch_id FROM sale WHERE source_file = '" + ROOT + name(tooLate, d1) + "' LIMIT 1)";
        assertEquals(
                countLines(text(tooLate, d1)),
                warehouse.count("SELECT count(*) FROM sale WHERE branch_id = " + tooLateBranch),
                "the too-late file's sales are loaded");
        long tooLateItems = warehouse.count(
                "SELECT count(*) FROM sale_item JOIN sale USING (sale_id) WHERE branch_id = " + tooLateBranch);
        assertEquals(
                List.of(List.of("15", "" + tooLateItems), List.of("60", "" + tooLateItems)),
                warehouse.rows("SELECT window_minutes, sum(items) FROM product_sales_late GROUP BY 1 ORDER BY 1"),
                "every too-late item is listed as late, for each window size, and nothing else is");
        assertEquals(
                0,
                warehouse.count("SELECT count(*) FROM product_sales_window WHERE branch_id = " + tooLateBranch),
                "no window holds the too-late sales");
        assertTrue(
                warehouse.count("SELECT count(*) FROM product_sales_window w JOIN branch b USING (branch_id)"
                                + " WHERE w.firings > 1 AND w.window_start::date = DATE '" + d3 + "'")
                        > 0,
                "the second half of a file corrected windows that had already fired");
    }

    /** Every window that closed compares equal to a GROUP BY over sale_item, for both sizes. */
    private void awaitWindowsMatchTheTruth() throws Exception {
        String closedBefore = warehouse
                .rows("SELECT max(sold_at) - interval '10 minutes' FROM sale")
                .get(0)
                .get(0);
        String mismatches =
                SqlResource.load("sql/window_mismatches.sql").replace("?", "'" + closedBefore + "'::timestamptz");
        Await.until("windows equal to the GROUP BY truth", () -> warehouse.rows(mismatches), List.of());
        assertEquals(
                List.of(List.of("15", "t"), List.of("60", "t")),
                warehouse.rows("SELECT window_minutes, count(*) > 100 FROM product_sales_window GROUP BY 1 ORDER BY 1"),
                "both window sizes were compared");
    }

    /** Four branches, four days each. */
    private void generate() {
        for (GeneratedFile file : new SalesGenerator(11L)
                .generate(SalesGenerator.Spec.defaults()
                        .withBranches(4)
                        .withFilesPerBranch(4)
                        .withReceiptsPerFile(60)
                        .withFirstDate(D1)
                        .withLegacyFraction(0)
                        .withGzipFraction(0))
                .files()) {
            Matcher m = FILE_NAME.matcher(file.name());
            assertTrue(m.matches(), file.name());
            LocalDate day = LocalDate.of(
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)));
            files.computeIfAbsent(m.group(1), b -> new TreeMap<>()).put(day, file);
        }
    }

    private GeneratedFile file(String branch, LocalDate day) {
        return files.get(branch).get(day);
    }

    private String name(String branch, LocalDate day) {
        return file(branch, day).name();
    }

    private String text(String branch, LocalDate day) {
        return new String(file(branch, day).content(), StandardCharsets.UTF_8);
    }

    /** Alternate lines of a file: two halves that each cover the whole day. */
    private static List<String> halves(GeneratedFile file) {
        StringBuilder odd = new StringBuilder();
        StringBuilder even = new StringBuilder();
        List<String> lines = new String(file.content(), StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !line.isBlank())
                .toList();
        for (int i = 0; i < lines.size(); i++) {
            (i % 2 == 0 ? odd : even).append(lines.get(i)).append('\n');
        }
        return List.of(odd.toString(), even.toString());
    }

    private static long countLines(String text) {
        return text.lines().filter(line -> !line.isBlank()).count();
    }

    /** Uploads (name, content) pairs at once, then waits until the ledger has all of them complete. */
    private void upload(String... namesAndContents) throws Exception {
        long expected = warehouse.count("SELECT count(*) FROM ingest_file") + namesAndContents.length / 2;
        for (int i = 0; i < namesAndContents.length; i += 2) {
            S3Uploads.put(ROOT + namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        Await.until(
                "files complete in the ledger",
                () -> warehouse.count("SELECT count(*) FROM ingest_file WHERE complete"),
                expected);
    }
}
