package io.tillstream.ledger;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillstream.job.Setting;
import io.tillstream.local.S3Uploads;
import io.tillstream.testing.Await;
import io.tillstream.testing.LedgerAssertions;
import io.tillstream.testing.RunningJob;
import io.tillstream.testing.TestConfigs;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every class of messy input, uploaded through S3 into the running job: each file's lines must be
 * loaded, recognised as duplicates, or rejected with the expected reason, and its ledger row must
 * balance. Every row carries a sentinel customer name and card number, which must then appear
 * nowhere: not in any table, not in the dead letters, not in the ledger, not in the log.
 */
class BadInputEndToEndTest {
    private static final String ROOT = "s3://" + TestStack.BUCKET + "/bad-input/";
    private static final Path LOG = Path.of("target/test-logs/tillstream-tests.log");

    /** A file to upload and what must become of it. */
    private record Case(
            String name, byte[] content, long contentLines, long loaded, long duplicates, List<String> rejections) {}

    private static final Map<String, Case> CASES = new LinkedHashMap<>();
    private static final Set<String> SENTINELS = new HashSet<>();
    private static Warehouse warehouse;
    private static int rows;

    /** A current-layout Chesterfield row with a fresh sentinel customer, paid by card. */
    private static String row(String time, String items, String total) {
        return row(time, "Chesterfield", items, total, "CARD");
    }

    private static String row(String time, String branch, String items, String total, String payment) {
        int n = rows++;
        String surname = "Qz" + (char) ('a' + n / 26 % 26) + (char) ('a' + n % 26) + "ffle";
        String card = String.format("49290000%08d", n);
        SENTINELS.add(surname);
        SENTINELS.add(card);
        String quoted = items.contains(", ") ? "\"" + items + "\"" : items;
        return String.join(",", time, branch, "Zora " + surname, quoted, total, payment, card);
    }

    private static String good(int minute) {
        return row(String.format("23/03/2021 09:%02d", minute), "Large Latte - 2.45, Regular Mocha - 2.30", "4.75");
    }

    private static void add(
            String name, String text, long contentLines, long loaded, long duplicates, String... rejections) {
        add(name, text.getBytes(StandardCharsets.UTF_8), contentLines, loaded, duplicates, rejections);
    }

    private static void add(
            String name, byte[] content, long contentLines, long loaded, long duplicates, String... rejections) {
        CASES.put(name, new Case(name, content, contentLines, loaded, duplicates, List.of(rejections)));
    }

    @BeforeAll
    static void uploadEveryClassAndWaitForTheLedger() throws Exception {
        String shifted = good(1).replace("Zora ", "Zora,"); // name over two columns: 8 columns, card shifted
        String noCard = good(2).substring(0, good(2).lastIndexOf(',')); // 6 columns
        add(
                "chesterfield_01-03-2021_09-00-00.csv",
                String.join("\n", good(0), shifted, noCard) + "\n",
                3,
                1,
                0,
                "WRONG_COLUMN_COUNT",
                "WRONG_COLUMN_COUNT");
        add(
                "chesterfield_02-03-2021_09-00-00.csv",
                good(0) + "\n" + row("23/03/2021 at nine", "Large Latte - 2.45", "2.45"),
                2,
                1,
                0,
                "BAD_TIMESTAMP");
        add(
                "chesterfield_03-03-2021_09-00-00.csv",
                row("31/02/2021 09:00", "Large Latte - 2.45", "2.45") + "\n" + good(3),
                2,
                1,
                0,
                "IMPOSSIBLE_DATE");
        add(
                "chesterfield_04-03-2021_09-00-00.csv",
                String.join(
                        "\n",
                        row("23/03/2021 09:04", "Large Latte - 2.4x", "2.40"),
                        row("23/03/2021 09:05", "Large Latte - -2.45", "2.45"),
                        good(4)),
                3,
                1,
                0,
                "BAD_PRICE",
                "NEGATIVE_PRICE");
        add(
                "chesterfield_05-03-2021_09-00-00.csv",
                row("23/03/2021 09:05", "Large Latte - 2.45, Regular Mocha - 2.30", "4.85") + "\n" + good(5),
                2,
                1,
                0,
                "TOTAL_MISMATCH");
        add(
                "chesterfield_06-03-2021_09-00-00.csv",
                row("23/03/2021 09:06", "", "0.00") + "\n" + good(6),
                2,
                1,
                0,
                "EMPTY_BASKET");
        add(
                "chesterfield_07-03-2021_09-00-00.csv",
                row("23/03/2021 09:07", "Chesterfield", "Large Latte - 2.45", "2.45", "VOUCHER") + "\n" + good(7),
                2,
                1,
                0,
                "UNKNOWN_PAYMENT_TYPE");
        add(
                "chesterfield_08-03-2021_09-00-00.csv",
                "datetime,branch,customer_name,items,total,payment_type,card_number\n" + good(8) + "\n" + good(9),
                2,
                2,
                0);
        add(
                "chesterfield_09-03-2021_09-00-00.csv",
                String.join("\n", good(10), "", "   ", "\t", good(11), " "),
                2,
                2,
                0);
        add(
                "chesterfield_10-03-2021_09-00-00.csv",
                String.join("\r\n", good(12), good(13), good(14)) + "\r\n",
                3,
                3,
                0);
        String resaved = row("8/3/2021 9:01", "Large Latte - 2.45", "2.45").replaceFirst(",4929\\d{12}$", ",4.93E+15");
        add(
                "chesterfield_11-03-2021_09-00-00.csv",
                resaved + "\n" + row("8/3/2021 9:02", "Large Latte - 2.45", "2.45"),
                2,
                2,
                0);
        add(
                "chesterfield_12-03-2021_09-00-00.csv",
                latin1(good(15).replace("Zora", "Jos\u00e9"), good(16).replace("Latte", "Latt\u00e9")),
                2,
                1,
                0,
                "NOT_UTF8");
        add(
                "chesterfield_13-03-2021_09-00-00.csv",
                good(17) + "\n"
                        + row(
                                "23/03/2021 09:18",
                                ("Large Latte - 2.45, ").repeat(60_000) + "Large Latte - 2.45",
                                "2.45")
                        + "\n" + good(19),
                3,
                2,
                0,
                "LINE_TOO_LONG");
        add("chesterfield_14-03-2021_09-00-00.csv", new byte[0], 0, 0, 0);
        add(
                "chesterfield_15-03-2021_09-00-00.csv.gz",
                "this is not gzip at all".getBytes(StandardCharsets.UTF_8),
                1,
                0,
                0,
                "UNREADABLE_FILE");
        byte[] gzip = gzip(String.join("\n", good(20), good(21), good(22), good(23)) + "\n");
        add(
                "chesterfield_16-03-2021_09-00-00.csv.gz",
                Arrays.copyOf(gzip, gzip.length - 12),
                1,
                0,
                0,
                "UNREADABLE_FILE");
        add("resent by head office.csv", good(24) + "\n" + good(25), 2, 2, 0);
        add("leeds_17-03-2021_09-00-00.csv", good(26), 1, 0, 0, "BRANCH_MISMATCH");
        add(
                "chesterfield_18-03-2021_09-00-00.csv",
                String.join(
                        "\n",
                        row("23/03/2201 09:00", "Large Latte - 2.45", "2.45"),
                        row("23/03/1921 09:00", "Large Latte - 2.45", "2.45"),
                        good(27)),
                3,
                1,
                0,
                "OUT_OF_RANGE",
                "OUT_OF_RANGE");
        add(
                "chesterfield_19-03-2021_09-00-00.csv",
                good(28).replace("\"Large", "Large") + "\n" + good(29),
                2,
                1,
                0,
                "MALFORMED_CSV");
        String twice = good(30);
        add("chesterfield_20-03-2021_09-00-00.csv", String.join("\n", twice, good(31), twice), 3, 2, 1);
        add(
                "chesterfield_21-03-2021_09-00-00.csv",
                String.join(
                        "\n",
                        row("23/03/2021 09:32", "", "Large Latte - 2.45", "2.45", "CARD"),
                        row("23/03/2021 09:33", "Large Latte 2.45", "2.45"),
                        good(34)),
                3,
                1,
                0,
                "MISSING_BRANCH",
                "BAD_ITEM");

        List<String> poisoned = new ArrayList<>();
        for (int column = 0; column < 7; column++) {
            for (String control : new String[] {"\u0000", "\u0001", "\u001B", "\u007F"}) {
                List<String> fields = new ArrayList<>(
                        Arrays.asList(good(35 + poisoned.size() % 20).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")));
                fields.set(
                        column,
                        fields.get(column).substring(0, 2)
                                + control
                                + fields.get(column).substring(2));
                poisoned.add(String.join(",", fields));
            }
        }
        add(
                "chesterfield_22-03-2021_09-00-00.csv",
                String.join("\n", poisoned) + "\n" + good(56),
                poisoned.size() + 1,
                1,
                0,
                poisoned.stream().map(line -> "CONTROL_CHARACTER").toArray(String[]::new));
        add("chesterfield_23-03-2021_09-00-00.csv", good(57) + "\n" + good(58), 2, 2, 0);

        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("bad_input");
        warehouse = new Warehouse(jdbcUrl);
        // the file names only number the cases: every file holds sales of 23 March, whatever its
        // name's date, so the file-period check (tested in ReceiptParserTest) is widened here
        Map<Setting, String> casesOfOneDay = Map.of(Setting.MAX_PERIOD_SKEW, "30d");
        try (RunningJob job = RunningJob.start(stack, TestConfigs.job(ROOT, jdbcUrl, casesOfOneDay))) {
            for (Case c : CASES.values()) {
                S3Uploads.put(ROOT + c.name(), c.content());
            }
            Await.until(
                    "a complete ledger row for every file",
                    () -> warehouse.count("SELECT count(*) FROM ingest_file WHERE complete"),
                    (long) CASES.size());
        }
    }

    @Test
    void everyFileBalancesWithTheExpectedOutcomes() throws Exception {
        List<Executable> checks = new ArrayList<>();
        for (Case c : CASES.values()) {
            String path = ROOT + c.name();
            List<String> ledger = warehouse
                    .rows("SELECT lines_read, sales_loaded, duplicates, rejected, complete"
                            + " FROM ingest_file WHERE path = '" + path.replace("'", "''") + "'")
                    .get(0);
            List<String> reasons = warehouse
                    .rows("SELECT reason_code FROM rejected_row WHERE source_file = '" + path.replace("'", "''")
                            + "' ORDER BY source_line")
                    .stream()
                    .map(r -> r.get(0))
                    .toList();
            checks.add(() -> assertEquals(
                    List.of(
                            "" + c.contentLines(),
                            "" + c.loaded(),
                            "" + c.duplicates(),
                            "" + c.rejections().size(),
                            "t"),
                    ledger,
                    c.name() + ": lines_read, sales_loaded, duplicates, rejected, complete"));
            checks.add(() -> assertEquals(c.rejections(), reasons, c.name() + ": rejection reasons in line order"));
            checks.add(() -> assertEquals(
                    c.loaded(),
                    warehouse.count("SELECT count(*) FROM sale WHERE source_file = '" + path.replace("'", "''") + "'"),
                    c.name() + ": sales in the warehouse"));
        }
        assertAll(checks);
    }

    @Test
    void theLedgerMatchesTheWarehouseAndCountsTheHeaderApart() throws Exception {
        LedgerAssertions.assertLedgerMatchesWarehouse(warehouse);
        assertEquals(
                List.of(List.of(ROOT + "chesterfield_08-03-2021_09-00-00.csv", "1")),
                warehouse.rows("SELECT path, header_lines FROM ingest_file WHERE header_lines > 0"));
    }

    @Test
    void spreadsheetMangledCardNumbersLoadWithoutACustomerKey() throws Exception {
        assertEquals(
                List.of(List.of("1", "1")),
                warehouse.rows(
                        "SELECT count(*) FILTER (WHERE customer_key IS NULL), count(*) FILTER (WHERE customer_key"
                                + " IS NOT NULL) FROM sale WHERE source_file = '" + ROOT
                                + "chesterfield_11-03-2021_09-00-00.csv'"));
    }

    @Test
    void unreadableFilesSayWhyInTheLedger() throws Exception {
        assertEquals(
                List.of(
                        List.of("ZipException: Not in GZIP format"),
                        List.of("EOFException: Unexpected end of ZLIB input stream")),
                warehouse.rows("SELECT read_error FROM ingest_file WHERE read_error <> '' ORDER BY path"));
    }

    @Test
    void noSentinelNameOrCardAnywhereInTheWarehouseOrTheLog() throws Exception {
        assertEquals(List.of(), warehouse.findAnywhere(SENTINELS), "PII in the warehouse");
        String log = Files.readString(LOG, StandardCharsets.ISO_8859_1);
        assertTrue(log.contains("chesterfield_16-03-2021_09-00-00.csv.gz"), "the job's log was not captured in " + LOG);
        List<String> leaked = SENTINELS.stream().filter(log::contains).sorted().toList();
        assertEquals(List.of(), leaked, "PII in the log " + LOG);
    }

    private static byte[] latin1(String... lines) {
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
