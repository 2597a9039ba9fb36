package io.tillstream.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillstream.job.Setting;
import io.tillstream.local.S3Uploads;
import io.tillstream.testing.Await;
import io.tillstream.testing.LedgerAssertions;
import io.tillstream.testing.RunningJob;
import io.tillstream.testing.TestConfigs;
import io.tillstream.testing.TestStack;
import io.tillstream.testing.Warehouse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same sales uploaded again in another shape, through S3 into the running job: nothing new
 * reaches the warehouse, and the ledger counts every line of the re-export as a duplicate, whether
 * the dedupe state or only the warehouse knew the sales.
 */
class ReExportEndToEndTest {
    private static final int SALES = 12;

    /** The till's own file: current layout, card payers, one sale a minute. */
    private static List<List<String>> tillRows() {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < SALES; i++) {
            rows.add(List.of(
                    String.format("23/03/2021 09:%02d", i),
                    "Chesterfield",
                    "Kim Re" + (char) ('a' + i) + "export",
                    "Regular Flavoured iced latte - Hazelnut - 2.75, Large Latte - 2.45",
                    "5.20",
                    "CARD",
                    String.format("49290000111100%02d", i)));
        }
        return rows;
    }

    private static byte[] tillFile() {
        StringBuilder file = new StringBuilder();
        for (List<String> row : tillRows()) {
            file.append(String.join(",", row.subList(0, 3)))
                    .append(",\"")
                    .append(row.get(3))
                    .append("\",")
                    .append(String.join(",", row.subList(4, 7)))
                    .append('\n');
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What a spreadsheet saves: a header, unpadded dates with seconds, 5.2, cards in E notation, CRLF. */
    private static byte[] spreadsheetResave() {
        StringBuilder file =
                new StringBuilder("Date Time,Branch,Customer Name,Items,Total,Payment Type,Card Number\r\n");
        for (List<String> row : tillRows()) {
            String time = row.get(0).replace("23/03/2021 09:", "23/3/2021 9:") + ":00";
            file.append(String.join(
                            ",", time, row.get(1), row.get(2), "\"" + row.get(3) + "\"", "5.2", "CARD", "4.93E+15"))
                    .append("\r\n");
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Another tool's export: every field quoted and padded, the name in capitals, the card masked. */
    private static byte[] paddedReExport() {
        StringBuilder file = new StringBuilder();
        for (List<String> row : tillRows()) {
            List<String> fields = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                String value = i == 2
                        ? row.get(i).toUpperCase()
                        : i == 6 ? "************" + row.get(i).substring(12) : row.get(i);
                fields.add("\" " + value + " \"");
            }
            file.append(String.join(",", fields)).append('\n');
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void reExportsOfALoadedFileAddNothingAndAreAllDuplicates() throws Exception {
        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("re_export");
        Warehouse warehouse = new Warehouse(jdbcUrl);
        String root = "s3://" + TestStack.BUCKET + "/re-export/";
        try (RunningJob job = RunningJob.start(stack, TestConfigs.job(root, jdbcUrl))) {
            S3Uploads.put(root + "chesterfield_23-03-2021_09-00-00.csv", tillFile());
            awaitComplete(warehouse, 1);
            S3Uploads.put(root + "resaved/chesterfield_23-03-2021_09-00-00.csv", spreadsheetResave());
            S3Uploads.put(root + "padded/chesterfield_23-03-2021_09-00-00.csv", paddedReExport());
            awaitComplete(warehouse, 3);
        }
        LedgerAssertions.assertLedgerMatchesWarehouse(warehouse);
        assertEquals(SALES, warehouse.count("SELECT count(*) FROM sale"), "sales in the warehouse");
        assertEquals(2 * SALES, warehouse.count("SELECT count(*) FROM sale_item"), "items in the warehouse");
        assertEquals(
                List.of(
                        List.of(root + "chesterfield_23-03-2021_09-00-00.csv", "12", "12", "0", "0", "0"),
                        List.of(root + "padded/chesterfield_23-03-2021_09-00-00.csv", "12", "0", "12", "0", "0"),
                        List.of(root + "resaved/chesterfield_23-03-2021_09-00-00.csv", "12", "0", "12", "0", "1")),
                warehouse.rows("SELECT path, lines_read, sales_loaded, duplicates, rejected, header_lines"
                        + " FROM ingest_file ORDER BY path"));
    }

    /**
     * With the sale ids gone from the dedupe state, the stream sends the re-upload on as new; the
     * warehouse already holds every sale, so the ledger must still say 0 loaded, all duplicates.
     */
    @Test
    void aReUploadAfterTheDedupeRetentionAddsNothingAndIsAllDuplicates() throws Exception {
        TestStack stack = TestStack.get();
        String jdbcUrl = stack.newDatabase("after_retention");
        Warehouse warehouse = new Warehouse(jdbcUrl);
        String root = "s3://" + TestStack.BUCKET + "/after-retention/";
        Map<Setting, String> forgetful = Map.of(
                Setting.DEDUPE_RETENTION, "2s",
                Setting.FINAL_AFTER_IDLE, "2s",
                Setting.PARALLELISM, "1");
        try (RunningJob job = RunningJob.start(stack, TestConfigs.job(root, jdbcUrl, forgetful))) {
            S3Uploads.put(root + "chesterfield_23-03-2021_09-00-00.csv", tillFile());
            awaitComplete(warehouse, 1);
            // another file meanwhile, as a branch's next upload would be
            S3Uploads.put(
                    root + "chesterfield_26-03-2021_09-00-00.csv",
                    "26/03/2021 09:00,Chesterfield,Lou Later,Large Latte - 2.45,2.45,CASH,\n"
                            .getBytes(StandardCharsets.UTF_8));
            awaitComplete(warehouse, 2);
            Await.sleep(Duration.ofSeconds(3)); // past the retention on the wall clock
            S3Uploads.put(root + "again/chesterfield_23-03-2021_09-00-00.csv", tillFile());
            awaitComplete(warehouse, 3);
        }
        LedgerAssertions.assertLedgerMatchesWarehouse(warehouse);
        assertEquals(SALES + 1, warehouse.count("SELECT count(*) FROM sale"), "sales in the warehouse");
        assertEquals(2 * SALES + 1, warehouse.count("SELECT count(*) FROM sale_item"), "items in the warehouse");
        assertEquals(
                List.of(List.of("12", "0", "12", "0", "12", "0")),
                warehouse.rows("SELECT lines_read, sales_loaded, duplicates, rejected, sales_new, duplicates_in_state"
                        + " FROM ingest_file WHERE path = '" + root + "again/chesterfield_23-03-2021_09-00-00.csv'"),
                "lines_read, sales_loaded, duplicates, rejected, and the stream's sales_new, duplicates_in_state");
    }

    private static void awaitComplete(Warehouse warehouse, long files) throws Exception {
        Await.until(
                "complete ledger rows",
                () -> warehouse.count("SELECT count(*) FROM ingest_file WHERE complete"),
                files);
    }
}
