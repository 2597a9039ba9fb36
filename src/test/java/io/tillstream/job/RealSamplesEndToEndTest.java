package io.tillstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tillstream.local.S3Uploads;
import io.tillstream.testing.Await;
import io.tillstream.testing.LedgerAssertions;
import io.tillstream.testing.RunningJob;
import io.tillstream.testing.TestConfigs;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.MappingIterator;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.dataformat.csv.CsvMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.dataformat.csv.CsvParser;
import org.junit.jupiter.api.Test;

/**
 * The real café exports in {@code ../shared/data/cafe}, end to end. The expected figures come from
 * a general-purpose CSV reader and simple counting, not from the parser under test. Skipped on a
 * machine without the shared data.
 */
class RealSamplesEndToEndTest {
    private static final Path SAMPLES = Path.of(System.getProperty("tillstream.samples", "../shared/data/cafe"));
    private static final int MIN_CARD_DIGITS = 12;

    /** What the files say, counted independently of {@code ReceiptParser}. */
    private static final class Expected {
        final Set<String> distinctLines = new HashSet<>();
        final Map<String, Long> receiptsPerBranch = new HashMap<>();
        final Set<String> pii = new HashSet<>();
        long items;
        BigDecimal revenue = BigDecimal.ZERO.setScale(2);

        void add(String line) throws IOException {
            if (line.isBlank() || !distinctLines.add(line)) {
                return;
            }
            String[] row = readRow(line);
            boolean legacy = row[0].charAt(4) == '-';
            receiptsPerBranch.merge(row[1], 1L, Long::sum);
            items += legacy ? row[3].split(",").length / 3 : row[3].split(", ").length;
            revenue = revenue.add(new BigDecimal(legacy ? row[5] : row[4]));
            pii.add(row[2]);
            String card = row[6].substring(row[6].lastIndexOf(',') + 1);
            if (card.matches("\\d{" + MIN_CARD_DIGITS + ",}")) {
                pii.add(card);
            }
        }

        private static String[] readRow(String line) throws IOException {
            CsvMapper csv = new CsvMapper();
            try (MappingIterator<String[]> rows = csv.readerForArrayOf(String.class)
                    .with(CsvParser.Feature.WRAP_AS_ARRAY)
                    .readValues(line)) {
                return rows.next();
            }
        }
    }

    @Test
    void realExportsLoadCompletelyWithoutPii() throws Exception {
        assumeTrue(Files.isDirectory(SAMPLES), "no shared sample data at " + SAMPLES.toAbsolutePath());
        List<Path> files;
        try (Stream<Path> found = Files.walk(SAMPLES)) {
            files = found.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        assumeTrue(!files.isEmpty(), "no CSV files under " + SAMPLES.toAbsolutePath());

        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("real");
        Warehouse warehouse = new Warehouse(jdbcUrl);
        String root = "s3://" + TestStack.BUCKET + "/e2e-real/";
        Expected expected = new Expected();
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                expected.add(line);
            }
        }

        try (RunningJob job = RunningJob.start(stack, TestConfigs.job(root, jdbcUrl))) {
            for (Path file : files) {
                S3Uploads.put(root + SAMPLES.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
            Await.until("real receipts in the warehouse", () -> warehouse.count("SELECT count(*) FROM sale"), (long)
                    expected.distinctLines.size());
            Await.until(
                    "real items in the warehouse",
                    () -> warehouse.count("SELECT count(*) FROM sale_item"),
                    expected.items);
            // the ledger sink commits on its own: wait for it while the job still runs
            LedgerAssertions.assertLedgerMatchesWarehouse(warehouse);
        }

        assertEquals(expected.revenue, warehouse.decimal("SELECT sum(total) FROM sale"), "revenue");
        assertEquals(expected.revenue, warehouse.decimal("SELECT sum(price) FROM sale_item"), "revenue of items");
        assertEquals(
                expected.receiptsPerBranch,
                warehouse.map(
                        "SELECT b.name, count(*) FROM sale s JOIN branch b USING (branch_id) GROUP BY b.name",
                        Long.class),
                "receipts per branch");
        assertEquals(0, warehouse.count("SELECT count(*) FROM rejected_row"), "real rows rejected");
        assertEquals(List.of(), warehouse.findAnywhere(expected.pii), "PII found in the warehouse");
    }
}
