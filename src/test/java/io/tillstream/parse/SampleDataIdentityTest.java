package io.tillstream.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tillstream.source.SourceLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The collision count that docs/identity.md quotes: sale identity v2 leaves out the card number
 * and the seconds, so distinct rows could share an id. Measured over the shared real samples.
 */
class SampleDataIdentityTest {
    private static final Path SAMPLES = Path.of(System.getProperty("tillstream.samples", "../shared/data/cafe"));

    @Test
    void everyDistinctSampleRowHasItsOwnSaleId() throws Exception {
        assumeTrue(Files.isDirectory(SAMPLES), "no shared sample data at " + SAMPLES.toAbsolutePath());
        List<Path> files;
        try (Stream<Path> found = Files.walk(SAMPLES)) {
            files = found.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
        }
        ReceiptParser parser = new ReceiptParser(new Keys("sample-identity"), ZoneId.of("Europe/London"));
        Set<String> rows = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                ParseOutcome outcome = parser.parse(new SourceLine(file.toUri().toString(), i + 1, lines.get(i)));
                if (outcome instanceof ParseOutcome.Parsed parsed) {
                    rows.add(lines.get(i));
                    ids.add(parsed.receipt().saleId());
                }
            }
        }
        assertEquals(4_137, rows.size(), "distinct sample rows (docs/identity.md)");
        assertEquals(rows.size(), ids.size(), "distinct sale ids: every collision would be a lost sale");
    }
}
