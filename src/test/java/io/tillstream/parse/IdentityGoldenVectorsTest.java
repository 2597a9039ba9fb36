package io.tillstream.parse;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.tillstream.source.SourceLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Fixed rows and a fixed secret map to these literal ids. Every id the warehouse and the savepoints
 * hold depends on them: a failure here means an identity changed, which needs a new version and an
 * upgrade note in docs/identity.md, never an updated literal. Customer, product, branch and
 * rejection ids were taken from the build before sale identity v2 and must stay as they are.
 */
class IdentityGoldenVectorsTest {
    static final String SECRET = "golden-vector-secret-0123456789";
    static final String FILE = "s3://tills/in/chesterfield_25-08-2021_09-00-00.csv";

    /** Real till rows are read from the shared samples, never copied into the repository. */
    private static final Path SAMPLES = Path.of(System.getProperty("tillstream.samples", "../shared/data/cafe"));

    /** The first sale of Chesterfield's till on 25 August 2021, current layout. */
    static final String CURRENT =
            sampleLine("JRoloS__Generation_UK_Group_Project/raw_data/chesterfield_25-08-2021_09-00-00.csv", 1);
    /** The first sale of the Isle of Wight's till on 23 February 2021, legacy layout. */
    static final String LEGACY =
            sampleLine("Michelangelo367__Generation-ETL-Pipeline-Group-Project/2021-02-23-isle-of-wight.csv", 2);
    /** The first sale of London Brixton's till on 23 March 2021, as if paid in cash. */
    static final String CASH = sampleLine(
                    "Michelangelo367__Generation-ETL-Pipeline-Group-Project/london_brixton_23-03-2021_08-00-00.csv", 1)
            .replaceFirst(",CARD,\\d+$", ",CASH,");

    private final ReceiptParser parser = new ReceiptParser(new Keys(SECRET), ZoneId.of("Europe/London"));

    private Receipt sale(String file, String text) {
        ParseOutcome outcome = parser.parse(new SourceLine(file, 1, text));
        return assertInstanceOf(ParseOutcome.Parsed.class, outcome, outcome::toString)
                .receipt();
    }

    @Test
    void saleIdsAreVersion2() {
        assertAll(
                () -> assertEquals(
                        "1835b440-8ea6-82d8-9da6-5b41fa67ad71",
                        sale(FILE, CURRENT).saleId()),
                () -> assertEquals(
                        "48135e12-88de-844a-8c9e-b8da18b04e80",
                        sale("s3://tills/in/2021-02-23-isle-of-wight.csv", LEGACY)
                                .saleId()),
                () -> assertEquals(
                        "a2c4e34f-3db0-8891-9fde-b296ce6ca553",
                        sale("s3://tills/in/london_brixton.csv", CASH).saleId()));
    }

    /** The rule in docs/identity.md, spelt out: what the id of {@link #CURRENT} is the HMAC of. */
    @Test
    void canonicalFormIsTheDocumentedOne() {
        Receipt receipt = sale(FILE, CURRENT);
        String customer = CURRENT.split(",")[2].toLowerCase(Locale.ROOT);
        String canonical = "2021-08-25T09:00\nchesterfield\n" + customer + "\n"
                + "e46fc794-0e05-3f69-b9a0-37b1a0c3672b=2.75;2a31e48c-97c7-37d1-8c8d-6590c71e2554=2.45;\n"
                + "5.20\nCARD";
        assertEquals(new Keys(SECRET).saleId(canonical), receipt.saleId());
    }

    @Test
    void customerKeysAreUnchanged() {
        assertAll(
                () -> assertEquals(
                        "49db006f-5af2-8479-8351-9fef4689c09d",
                        sale(FILE, CURRENT).customerKey()),
                () -> assertEquals(
                        "1a7e5bfc-82e5-85e8-a465-f08169259a84",
                        sale("s3://tills/in/2021-02-23-isle-of-wight.csv", LEGACY)
                                .customerKey()),
                () -> assertEquals(
                        "", sale("s3://tills/in/london_brixton.csv", CASH).customerKey()));
    }

    @Test
    void productAndBranchIdsAreUnchanged() {
        Receipt receipt = sale(FILE, CURRENT);
        assertAll(
                () -> assertEquals(
                        List.of("e46fc794-0e05-3f69-b9a0-37b1a0c3672b", "2a31e48c-97c7-37d1-8c8d-6590c71e2554"),
                        receipt.items().stream().map(SaleItem::productId).toList()),
                () -> assertEquals("d1ce99d3-dfad-380c-9bb3-40a221324dfe", receipt.branchId()),
                () -> assertEquals(
                        "2e92125a-65ce-3325-a4e4-e6f264a180a5",
                        sale("s3://tills/in/london_brixton.csv", CASH).branchId()));
    }

    @Test
    void rejectionIdsAreUnchanged() {
        ParseOutcome outcome = parser.parse(new SourceLine(FILE, 7, CURRENT.replace(",CARD,", ",VOUCHER,")));
        assertEquals(
                "5e99e4e4-ee25-3139-acd4-0fd5f5b5ab00",
                assertInstanceOf(ParseOutcome.Rejected.class, outcome)
                        .rejection()
                        .rejectionId());
    }

    private static String sampleLine(String file, int line) {
        Path path = SAMPLES.resolve(file);
        try {
            return Files.readAllLines(path).get(line - 1);
        } catch (IOException e) {
            throw new UncheckedIOException("the golden vectors read real rows from the shared samples: " + path, e);
        }
    }
}
