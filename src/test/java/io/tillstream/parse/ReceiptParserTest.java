package io.tillstream.parse;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillstream.source.SourceLine;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lines below are copied from the data README and from the real till files under {@code
 * ../shared/data/cafe/} (one line each, never whole files), or are those lines with one fault
 * introduced.
 */
class ReceiptParserTest {
    static final String SECRET = "unit-test-secret-0123456789";
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** Follows no naming convention, so any branch may be in it. */
    static final String FILE = "s3://till-drops/in/manual-export.csv";

    static final String CHESTERFIELD_FILE = "s3://till-drops/in/chesterfield_23-03-2021_09-00-00.csv";

    // current layout, single item, unquoted (london_brixton_23-03-2021_08-00-00.csv)
    static final String BRIXTON_SINGLE =
            "23/03/2021 08:00,London Brixton,Ruby Kestrel,Regular Iced americano - 2.15,2.15,CARD,5152000000006511";
    // current layout, several items, quoted; flavoured item (chesterfield_23-03-2021_09-00-00.csv)
    static final String CHESTERFIELD_MULTI = "23/03/2021 09:02,Chesterfield,Juno Inglenook,"
            + "\"Regular Flavoured iced latte - Hazelnut - 2.75, Large Flat white - 2.45\",5.20,CARD,2068000000005057";
    static final String JEANNE_NAME = "Juno Inglenook";
    static final String JEANNE_CARD = "2068000000005057";
    // current layout, cash (birmingham_23-03-2021_09-00-00.csv)
    static final String BIRMINGHAM_CASH = "23/03/2021 09:03,Birmingham,Linnea Moreby,\"Large Speciality Tea - English"
            + " breakfast - 1.60, Regular Speciality Tea - Camomile - 1.30, Large Flavoured hot chocolate - Caramel"
            + " - 2.90, Regular Speciality Tea - English breakfast - 1.30, Regular Red Label tea - 1.20\",8.30,CASH,";
    // summer (BST) file (chesterfield_25-08-2021_09-00-00.csv), total written 5.2
    static final String CHESTERFIELD_SUMMER = "25/08/2021 09:00,Chesterfield,Rowan Fairweather,"
            + "\"Regular Flavoured iced latte - Hazelnut - 2.75, Large Latte - 2.45\",5.2,CARD,5494000000002516";
    // legacy layout (2021-02-23-isle-of-wight.csv)
    static final String WIGHT_CASH = "2021-02-23 09:00:48,Isle of Wight,Marlow Birchall,"
            + "\"Large,Hot chocolate,2.9,Large,Chai latte,2.6,Large,Hot chocolate,2.9\",CASH,8.40,None";
    static final String WIGHT_CARD =
            "2021-02-23 09:01:45,Isle of Wight,Wilfred Pennycook,\"Large,Latte,2.45\",CARD,2.45,\"discover,6011000000008866\"";
    static final String WIGHT_BLANK_SIZES = "2021-02-23 09:02:27,Isle of Wight,Amelia Rookwood,"
            + "\",Frappes - Coffee,2.75,,Cortado,2.05,,Glass of milk,0.7,,Speciality Tea - Camomile,1.3,"
            + ",Speciality Tea - Camomile,1.3\",CARD,8.10,\"discover,6011800000008836\"";
    // leeds_01-01-2020_09-00-00.csv: "Hot Chocolate" with a capital C
    static final String LEEDS_HOT_CHOCOLATE =
            "01/01/2020 09:06,Leeds,Dora Fennimore,Regular Hot Chocolate - 1.40,1.4,CARD,8040000000007571";
    // uppingham_23-03-2021_09-00-00.csv: "Hot chocolate"
    static final String UPPINGHAM_HOT_CHOCOLATE =
            "23/03/2021 09:00,Uppingham,Jessamy Corbett,Large Hot chocolate - 2.90,2.90,CASH,";
    static final String HEADER = "datetime,branch,customer_name,items,total,payment_type,card_number";

    final ReceiptParser parser = new ReceiptParser(new Keys(SECRET), LONDON);

    ParseOutcome parse(String text) {
        return parse(FILE, 1, text);
    }

    ParseOutcome parse(String file, long lineNumber, String text) {
        return parser.parse(new SourceLine(file, lineNumber, text));
    }

    Receipt accepted(String text) {
        ParseOutcome outcome = parse(text);
        return assertInstanceOf(ParseOutcome.Parsed.class, outcome, () -> "expected a sale, got " + outcome)
                .receipt();
    }

    Rejection rejected(String text) {
        ParseOutcome outcome = parse(text);
        return assertInstanceOf(ParseOutcome.Rejected.class, outcome, () -> "expected a rejection, got " + outcome)
                .rejection();
    }

    static SaleItem item(String productName, String size, String flavour, String price) {
        return new SaleItem(
                Keys.productId(productName, size, flavour), productName, size, flavour, new BigDecimal(price));
    }

    /** Neither the name (nor any part of it) nor the card number (nor a long run of its digits) is in the text. */
    static void assertNoPii(String text, String customerName, String cardNumber) {
        List<Executable> checks = new ArrayList<>();
        for (String part : customerName.split(" ")) {
            checks.add(() -> assertFalse(text.contains(part), () -> "name part '" + part + "' leaked: " + text));
        }
        if (!cardNumber.isEmpty()) {
            checks.add(() -> assertFalse(text.contains(cardNumber), () -> "card number leaked: " + text));
            for (int i = 0; i + 8 <= cardNumber.length(); i++) {
                String run = cardNumber.substring(i, i + 8);
                checks.add(() -> assertFalse(text.contains(run), () -> "card digits " + run + " leaked: " + text));
            }
        }
        assertAll(checks);
    }

    /** Checks the outcome's toString and, for a rejection, its excerpt and reason explicitly. */
    static void assertNoPii(ParseOutcome outcome, String customerName, String cardNumber) {
        assertNoPii(outcome.toString(), customerName, cardNumber);
        if (outcome instanceof ParseOutcome.Rejected rejected) {
            assertNoPii(rejected.rejection().excerpt(), customerName, cardNumber);
            assertNoPii(rejected.rejection().reason(), customerName, cardNumber);
        }
    }

    @Nested
    class CurrentLayout {
        @Test
        void singleUnquotedItem() {
            Receipt r = accepted(BRIXTON_SINGLE);
            assertEquals("London Brixton", r.branchName());
            assertEquals(Keys.branchId("london_brixton"), r.branchId());
            assertEquals(PaymentType.CARD, r.paymentType());
            assertEquals(new BigDecimal("2.15"), r.total());
            assertEquals(List.of(item("Iced americano", "Regular", "", "2.15")), r.items());
            assertEquals(Instant.parse("2021-03-23T08:00:00Z"), r.soldAt());
            assertEquals(FILE, r.sourceFile());
            assertEquals(1, r.sourceLine());
            assertFalse(r.customerKey().isEmpty());
        }

        @Test
        void multipleQuotedItemsWithFlavour() {
            Receipt r = accepted(CHESTERFIELD_MULTI);
            assertEquals(
                    List.of(
                            item("Flavoured iced latte", "Regular", "Hazelnut", "2.75"),
                            item("Flat white", "Large", "", "2.45")),
                    r.items());
            assertEquals(new BigDecimal("5.20"), r.total());
            assertEquals(PaymentType.CARD, r.paymentType());
        }

        @Test
        void flavouredItemIsSplitIntoSizeProductFlavourAndPrice() {
            SaleItem latte = accepted(CHESTERFIELD_MULTI).items().get(0);
            assertEquals("Flavoured iced latte", latte.productName());
            assertEquals("Regular", latte.size());
            assertEquals("Hazelnut", latte.flavour());
            assertEquals(0, new BigDecimal("2.75").compareTo(latte.price()));
        }

        @Test
        void repeatedItemIsKeptTwice() {
            Receipt r = accepted("23/03/2021 09:04,London Soho,Bryony Moss,\"Regular Frappes - Coffee - 2.75, Regular"
                    + " Speciality Tea - Camomile - 1.30, Large Espresso - 1.80, Regular Frappes - Coffee - 2.75, Large"
                    + " Speciality Tea - Camomile - 1.60\",10.20,CASH,");
            assertEquals(5, r.items().size());
            assertEquals(r.items().get(0), r.items().get(3));
            assertEquals(item("Frappes", "Regular", "Coffee", "2.75"), r.items().get(0));
        }

        @Test
        void cashRowHasEmptyCustomerKey() {
            Receipt r = accepted(BIRMINGHAM_CASH);
            assertEquals(PaymentType.CASH, r.paymentType());
            assertEquals("", r.customerKey());
            assertEquals(new BigDecimal("8.30"), r.total());
            assertEquals(5, r.items().size());
        }

        @Test
        void totalWithOneDecimalEqualsTotalWithTwo() {
            String twoDecimals = CHESTERFIELD_SUMMER.replace(",5.2,", ",5.20,");
            Receipt a = accepted(CHESTERFIELD_SUMMER);
            Receipt b = accepted(twoDecimals);
            assertEquals(new BigDecimal("5.20"), a.total());
            assertEquals(a.total(), b.total());
            assertEquals(a.saleId(), b.saleId());
        }

        @Test
        void unpaddedSpreadsheetDate() {
            Receipt r = accepted("8/8/2023 9:01,Leeds,Delia Thornbury,Regular Chai latte - 2.30,2.30,CASH,");
            assertEquals(Instant.parse("2023-08-08T08:01:00Z"), r.soldAt()); // BST
        }

        @Test
        void unpaddedDateGivesSameSaleIdAsPaddedDate() {
            String padded = "08/08/2023 09:01,Leeds,Delia Thornbury,Regular Chai latte - 2.30,2.30,CASH,";
            String unpadded = "8/8/2023 9:01,Leeds,Delia Thornbury,Regular Chai latte - 2.30,2.3,CASH,";
            assertEquals(accepted(padded).saleId(), accepted(unpadded).saleId());
        }

        @Test
        void spreadsheetMangledCardNumberIsAcceptedWithoutCustomerKey() {
            ParseOutcome outcome =
                    parse("8/8/2023 9:01,Leeds,Delia Thornbury,Regular Chai latte - 2.30,2.30,CARD,5.49E+15");
            Receipt r = assertInstanceOf(ParseOutcome.Parsed.class, outcome).receipt();
            assertEquals(PaymentType.CARD, r.paymentType());
            assertEquals("", r.customerKey());
            assertNoPii(outcome, "Delia Thornbury", "5.49E+15");
        }

        @Test
        void hotChocolateSpellingsAreOneProduct() {
            SaleItem capital = accepted(LEEDS_HOT_CHOCOLATE).items().get(0);
            SaleItem lower = accepted(UPPINGHAM_HOT_CHOCOLATE.replace("Large", "Regular"))
                    .items()
                    .get(0);
            assertEquals("Hot chocolate", capital.productName());
            assertEquals("Hot chocolate", lower.productName());
            assertEquals(capital.productId(), lower.productId());
        }

        @Test
        void hotChocolateSpellingDoesNotChangeSaleId() {
            String lower = LEEDS_HOT_CHOCOLATE.replace("Hot Chocolate", "Hot chocolate");
            assertEquals(accepted(LEEDS_HOT_CHOCOLATE).saleId(), accepted(lower).saleId());
        }
    }

    @Nested
    class LegacyLayout {
        @Test
        void swappedPaymentAndTotalColumns() {
            Receipt r = accepted(WIGHT_CASH);
            assertEquals(PaymentType.CASH, r.paymentType());
            assertEquals(new BigDecimal("8.40"), r.total());
            assertEquals("Isle of Wight", r.branchName());
            assertEquals("", r.customerKey());
            assertEquals(
                    List.of(
                            item("Hot chocolate", "Large", "", "2.90"),
                            item("Chai latte", "Large", "", "2.60"),
                            item("Hot chocolate", "Large", "", "2.90")),
                    r.items());
        }

        @Test
        void timestampWithSecondsInLondonWinterTime() {
            assertEquals(
                    Instant.parse("2021-02-23T09:00:48Z"), accepted(WIGHT_CASH).soldAt());
        }

        @Test
        void blankSizeIsStandardAndFlavourIsSplit() {
            Receipt r = accepted(WIGHT_BLANK_SIZES);
            assertEquals(
                    List.of(
                            item("Frappes", "Standard", "Coffee", "2.75"),
                            item("Cortado", "Standard", "", "2.05"),
                            item("Glass of milk", "Standard", "", "0.70"),
                            item("Speciality tea", "Standard", "Camomile", "1.30"),
                            item("Speciality tea", "Standard", "Camomile", "1.30")),
                    r.items());
            assertEquals(new BigDecimal("8.10"), r.total());
        }

        @Test
        void cardTypeAndNumberGiveCustomerKeyOfTheNumber() {
            Receipt r = accepted(WIGHT_CARD);
            assertEquals(PaymentType.CARD, r.paymentType());
            assertEquals(new Keys(SECRET).customerKey("6011000000008866"), r.customerKey());
        }

        @Test
        void noneCardIsEmptyCustomerKey() {
            assertEquals("", accepted(WIGHT_CASH).customerKey());
        }

        @Test
        void sameCardGivesSameCustomerKeyAcrossLayouts() {
            Receipt legacy = accepted(WIGHT_CARD);
            Receipt current =
                    accepted("23/03/2021 09:00,Leeds,Wilfred Pennycook,Large Latte - 2.45,2.45,CARD,6011000000008866");
            assertEquals(legacy.customerKey(), current.customerKey());
            assertNotEquals(legacy.saleId(), current.saleId());
        }

        @Test
        void emptyLegacyBasketIsRejected() {
            Rejection r = rejected(
                    "2021-02-23 09:01:45,Isle of Wight,Wilfred Pennycook,,CARD,2.45,\"discover,6011000000008866\"");
            assertEquals(RejectReason.EMPTY_BASKET.name(), r.reasonCode());
        }

        @Test
        void incompleteTripleIsRejected() {
            Rejection r = rejected(WIGHT_CARD.replace("\"Large,Latte,2.45\"", "\"Large,Latte\""));
            assertEquals(RejectReason.BAD_ITEM.name(), r.reasonCode());
            assertNoPii(r.toString(), "Wilfred Pennycook", "6011000000008866");
        }
    }

    @Nested
    class EventTime {
        @Test
        void winterTimestampIsUtc() {
            Receipt r = accepted(CHESTERFIELD_MULTI);
            assertEquals(Instant.parse("2021-03-23T09:02:00Z"), r.soldAt());
            assertEquals(Instant.parse("2021-03-23T09:02:00Z").toEpochMilli(), r.eventTimeMillis());
        }

        @Test
        void summerTimestampIsBritishSummerTime() {
            Receipt r = accepted(CHESTERFIELD_SUMMER);
            assertEquals(Instant.parse("2021-08-25T08:00:00Z"), r.soldAt());
        }

        @Test
        void newYearTimestamp() {
            assertEquals(
                    Instant.parse("2020-01-01T09:06:00Z"),
                    accepted(LEEDS_HOT_CHOCOLATE).soldAt());
        }

        @Test
        void zoneComesFromTheParser() {
            ReceiptParser utc = new ReceiptParser(new Keys(SECRET), ZoneId.of("UTC"));
            Receipt r = assertInstanceOf(
                            ParseOutcome.Parsed.class, utc.parse(new SourceLine(FILE, 1, CHESTERFIELD_SUMMER)))
                    .receipt();
            assertEquals(Instant.parse("2021-08-25T09:00:00Z"), r.soldAt());
            assertEquals(accepted(CHESTERFIELD_SUMMER).saleId(), r.saleId(), "sale id is of the local time");
        }
    }

    @Nested
    class FilePeriod {
        @Test
        void aSaleWithinADayOfItsFilesPeriodIsAccepted() {
            assertInstanceOf(
                    ParseOutcome.Parsed.class,
                    parse(CHESTERFIELD_FILE, 1, CHESTERFIELD_MULTI.replace("23/03/2021 09:02", "24/03/2021 08:59")));
            assertInstanceOf(
                    ParseOutcome.Parsed.class,
                    parse(CHESTERFIELD_FILE, 1, CHESTERFIELD_MULTI.replace("23/03/2021 09:02", "22/03/2021 09:00")));
        }

        @Test
        void aSaleFurtherFromItsFilesPeriodIsRejectedWithBothTimes() {
            ParseOutcome outcome =
                    parse(CHESTERFIELD_FILE, 7, CHESTERFIELD_MULTI.replace("23/03/2021 09:02", "24/03/2021 09:01"));
            Rejection r = assertInstanceOf(ParseOutcome.Rejected.class, outcome).rejection();
            assertEquals(RejectReason.OUTSIDE_FILE_PERIOD.name(), r.reasonCode());
            assertTrue(r.reason().endsWith(": 2021-03-24T09:01, file name says 2021-03-23T09:00"), r.reason());
        }

        @Test
        void theSkewIsASetting() {
            ReceiptParser strict = new ReceiptParser(
                    new Keys(SECRET),
                    LONDON,
                    new EventTimeBounds(
                            Duration.ofDays(3650), Duration.ofDays(2), Duration.ofHours(1), Clock.systemUTC()));
            ParseOutcome outcome = strict.parse(new SourceLine(
                    CHESTERFIELD_FILE, 1, CHESTERFIELD_MULTI.replace("23/03/2021 09:02", "23/03/2021 10:01")));
            assertEquals(
                    RejectReason.OUTSIDE_FILE_PERIOD.name(),
                    assertInstanceOf(ParseOutcome.Rejected.class, outcome)
                            .rejection()
                            .reasonCode());
        }

        @Test
        void aFileNameWithoutAPeriodClaimsNothing() {
            assertInstanceOf(
                    ParseOutcome.Parsed.class,
                    parse("s3://b/in/resent by head office.csv", 1, CHESTERFIELD_MULTI.replace("2021", "2023")));
        }
    }

    @Nested
    class Quirks {
        @ParameterizedTest
        @ValueSource(strings = {"", " ", "   ", "\t", "\r", " \r"})
        void blankAndWhitespaceLinesAreBlank(String text) {
            assertInstanceOf(ParseOutcome.Blank.class, parse(text));
        }

        @ParameterizedTest
        @ValueSource(strings = {BRIXTON_SINGLE, CHESTERFIELD_MULTI, BIRMINGHAM_CASH, WIGHT_CASH, WIGHT_CARD})
        void trailingCarriageReturnIsIgnored(String line) {
            Receipt plain = accepted(line);
            Receipt crlf = accepted(line + "\r");
            assertEquals(plain.saleId(), crlf.saleId());
            assertEquals(plain.customerKey(), crlf.customerKey());
            assertEquals(plain.items(), crlf.items());
            assertEquals(plain.total(), crlf.total());
            assertEquals(plain.paymentType(), crlf.paymentType());
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    HEADER,
                    HEADER + "\r",
                    "\uFEFF" + HEADER,
                    "\"Date Time\",\"Branch\",\"Customer Name\",\"Items\",\"Total\",\"Payment Type\",\"Card Number\"",
                    "timestamp,branch,customer,basket,payment_type,total,card"
                })
        void headerRowIsRecognisedAndSkipped(String header) {
            assertInstanceOf(ParseOutcome.Header.class, parse(header));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "nine in the morning,Chesterfield,Juno Inglenook,Large Latte - 2.45,2.45,CARD,",
                    "datetime,branch,customer_name,items,total,payment_type,card_number 2"
                })
        void aLineThatOnlyLooksLikeAHeaderIsRejected(String line) {
            assertEquals(RejectReason.BAD_TIMESTAMP.name(), rejected(line).reasonCode());
        }

        @Test
        void realFileTailIsBlankAfterRows() {
            // the Isle of Wight file ends with a line holding a single space and no newline
            assertInstanceOf(ParseOutcome.Blank.class, parse(FILE, 541, " "));
        }
    }

    @Nested
    class Rejections {
        @Test
        void wrongColumnCount() {
            Rejection r =
                    rejected("23/03/2021 09:02,Chesterfield,Juno Inglenook,\"Large Flat white - 2.45\",2.45,CARD");
            assertEquals(RejectReason.WRONG_COLUMN_COUNT.name(), r.reasonCode());
            assertTrue(r.reason().contains("found 6"), r.reason());
        }

        @Test
        void impossibleDate() {
            Rejection r = rejected(CHESTERFIELD_MULTI.replace("23/03/2021 09:02", "31/02/2021 09:00"));
            assertEquals(RejectReason.IMPOSSIBLE_DATE.name(), r.reasonCode());
        }

        @Test
        void impossibleLegacyDate() {
            Rejection r = rejected(WIGHT_CASH.replace("2021-02-23", "2021-02-30"));
            assertEquals(RejectReason.IMPOSSIBLE_DATE.name(), r.reasonCode());
        }

        @Test
        void unparseablePrice() {
            Rejection r = rejected(CHESTERFIELD_MULTI.replace("- 2.45", "- £2.45"));
            assertEquals(RejectReason.BAD_PRICE.name(), r.reasonCode());
        }

        @Test
        void negativePrice() {
            Rejection r =
                    rejected(CHESTERFIELD_MULTI.replace("- 2.45", "- -2.45").replace("5.20", "0.30"));
            assertEquals(RejectReason.NEGATIVE_PRICE.name(), r.reasonCode());
        }

        @Test
        void negativeTotal() {
            Rejection r = rejected(BRIXTON_SINGLE.replace(",2.15,CARD", ",-2.15,CARD"));
            assertEquals(RejectReason.NEGATIVE_PRICE.name(), r.reasonCode());
        }

        @Test
        void unparseableTotal() {
            Rejection r = rejected(CHESTERFIELD_MULTI.replace(",5.20,", ",5.20p,"));
            assertEquals(RejectReason.BAD_TOTAL.name(), r.reasonCode());
        }

        @Test
        void totalMismatch() {
            Rejection r = rejected(CHESTERFIELD_MULTI.replace(",5.20,", ",5.30,"));
            assertEquals(RejectReason.TOTAL_MISMATCH.name(), r.reasonCode());
            assertTrue(r.reason().contains("5.30") && r.reason().contains("5.20"), r.reason());
        }

        @Test
        void legacyTotalMismatch() {
            Rejection r = rejected(WIGHT_CARD.replace(",2.45,\"discover", ",2.55,\"discover"));
            assertEquals(RejectReason.TOTAL_MISMATCH.name(), r.reasonCode());
        }

        @Test
        void emptyBasket() {
            Rejection r = rejected("23/03/2021 09:02,Chesterfield,Juno Inglenook,,5.20,CARD,2068000000005057");
            assertEquals(RejectReason.EMPTY_BASKET.name(), r.reasonCode());
        }

        @Test
        void unknownPaymentType() {
            Rejection r = rejected(CHESTERFIELD_MULTI.replace(",CARD,", ",VOUCHER,"));
            assertEquals(RejectReason.UNKNOWN_PAYMENT_TYPE.name(), r.reasonCode());
        }

        @Test
        void unbalancedQuotes() {
            Rejection r = rejected(CHESTERFIELD_MULTI.replace("2.45\",", "2.45,"));
            assertEquals(RejectReason.MALFORMED_CSV.name(), r.reasonCode());
        }

        @Test
        void rejectionIsIdentifiedByFileAndLine() {
            String bad = CHESTERFIELD_MULTI.replace(",CARD,", ",VOUCHER,");
            ParseOutcome a = parse(FILE, 7, bad);
            ParseOutcome b = parse(FILE, 7, bad);
            ParseOutcome c = parse(FILE, 8, bad);
            String idA = ((ParseOutcome.Rejected) a).rejection().rejectionId();
            assertEquals(idA, ((ParseOutcome.Rejected) b).rejection().rejectionId());
            assertNotEquals(idA, ((ParseOutcome.Rejected) c).rejection().rejectionId());
            Rejection r = ((ParseOutcome.Rejected) c).rejection();
            assertEquals(FILE, r.sourceFile());
            assertEquals(8, r.sourceLine());
        }
    }

    @Nested
    class Keying {
        @Test
        void sameRowFromTwoFilesHasSameSaleId() {
            Receipt a = assertInstanceOf(ParseOutcome.Parsed.class, parse(FILE, 3, CHESTERFIELD_MULTI))
                    .receipt();
            Receipt b = assertInstanceOf(
                            ParseOutcome.Parsed.class,
                            parse(
                                    "s3://till-drops/in/chesterfield_23-03-2021_09-00-00 (1).csv",
                                    40,
                                    CHESTERFIELD_MULTI))
                    .receipt();
            assertEquals(a.saleId(), b.saleId());
            assertEquals(3, a.sourceLine());
            assertEquals(40, b.sourceLine());
        }

        @Test
        void differentSecretGivesDifferentKeys() {
            ReceiptParser other = new ReceiptParser(new Keys("another-secret-0123456789"), LONDON);
            Receipt a = accepted(CHESTERFIELD_MULTI);
            Receipt b = assertInstanceOf(
                            ParseOutcome.Parsed.class, other.parse(new SourceLine(FILE, 1, CHESTERFIELD_MULTI)))
                    .receipt();
            assertNotEquals(a.saleId(), b.saleId());
            assertNotEquals(a.customerKey(), b.customerKey());
            assertEquals(a.items(), b.items(), "product ids do not depend on the secret");
            assertEquals(a.branchId(), b.branchId());
        }

        @Test
        void sameCardGivesSameCustomerKeyAcrossRows() {
            Receipt a = accepted(CHESTERFIELD_MULTI);
            Receipt b = accepted(
                    "23/03/2021 11:30,Chesterfield,Juno Inglenook,Regular Latte - 2.15,2.15,CARD," + JEANNE_CARD);
            assertEquals(a.customerKey(), b.customerKey());
            assertNotEquals(a.saleId(), b.saleId());
        }

        @Test
        void differentCardsGiveDifferentCustomerKeys() {
            assertNotEquals(
                    accepted(CHESTERFIELD_MULTI).customerKey(),
                    accepted(BRIXTON_SINGLE).customerKey());
        }

        @Test
        void differentRowsGiveDifferentSaleIds() {
            String otherCustomer = CHESTERFIELD_MULTI.replace(JEANNE_NAME, "Wendell Shawcross");
            String otherMinute = CHESTERFIELD_MULTI.replace("09:02", "09:03");
            String saleId = accepted(CHESTERFIELD_MULTI).saleId();
            assertNotEquals(saleId, accepted(otherCustomer).saleId());
            assertNotEquals(saleId, accepted(otherMinute).saleId());
        }

        @Test
        void branchIdIgnoresCaseAndSpacing() {
            assertEquals(
                    accepted(BRIXTON_SINGLE).branchId(),
                    accepted(BRIXTON_SINGLE.replace("London Brixton", "london_brixton"))
                            .branchId());
        }
    }

    @Nested
    class FileNames {
        @Test
        void theBranchInAConventionalNameMustMatchTheBranchColumn() {
            assertInstanceOf(ParseOutcome.Parsed.class, parse(CHESTERFIELD_FILE, 2, CHESTERFIELD_MULTI));
            assertInstanceOf(
                    ParseOutcome.Parsed.class,
                    parse("s3://b/in/london_brixton_23-03-2021_08-00-00.csv.gz", 1, BRIXTON_SINGLE));
            assertInstanceOf(ParseOutcome.Parsed.class, parse("s3://b/2021-02-23-isle-of-wight.csv", 1, WIGHT_CASH));

            ParseOutcome wrongBranch = parse("s3://b/in/leeds_23-03-2021_09-00-00.csv", 2, CHESTERFIELD_MULTI);
            Rejection r =
                    assertInstanceOf(ParseOutcome.Rejected.class, wrongBranch).rejection();
            assertEquals(RejectReason.BRANCH_MISMATCH.name(), r.reasonCode());
            assertTrue(r.reason().contains("'leeds'"), r.reason());
        }

        @Test
        void aNameFollowingNoConventionClaimsNoBranch() {
            assertInstanceOf(ParseOutcome.Parsed.class, parse("s3://b/in/resent by head office.csv", 1, WIGHT_CASH));
        }
    }

    /** Whatever a sink cannot store is rejected here, never sent to fail a transaction on every replay. */
    @Nested
    class PoisonRows {
        @ParameterizedTest
        @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
        void aControlCharacterInAnyColumnIsRejectedAndNotCopiedToTheExcerpt(int column) {
            for (char control : new char[] {'\u0000', '\u0007', '\u001B', '\u007F', '\u0085', '\t'}) {
                List<String> fields =
                        new ArrayList<>(CsvFields.split(CHESTERFIELD_MULTI).orElseThrow());
                String field = fields.get(column);
                fields.set(column, field.substring(0, 1) + control + field.substring(1));
                String line = String.join(
                        ",", fields.stream().map(f -> "\"" + f + "\"").toList());
                Rejection r = rejected(line);
                assertEquals(RejectReason.CONTROL_CHARACTER.name(), r.reasonCode(), line);
                assertTrue(r.reason().endsWith("in column " + (column + 1) + ")"), r.reason());
                assertFalse(r.excerpt().chars().anyMatch(Character::isISOControl), r.excerpt());
                assertNoPii(r.excerpt(), JEANNE_NAME, JEANNE_CARD);
            }
        }

        @Test
        void aNulInALineThatIsNotSevenColumnsLeavesNoNulInTheExcerpt() {
            Rejection r = rejected("23/03/2021 09:02,Chesterfield\u0000,Large Latte - 2.45");
            assertEquals(RejectReason.WRONG_COLUMN_COUNT.name(), r.reasonCode());
            assertFalse(r.excerpt().contains("\u0000"), r.excerpt());
        }

        @Test
        void namesUpToTheLimitLoadAndLongerOnesAreRejected() {
            String atLimit = "B".repeat(ReceiptParser.MAX_NAME_LENGTH);
            String over = atLimit + "b";
            assertEquals(
                    atLimit,
                    accepted(CHESTERFIELD_MULTI.replace("Chesterfield", atLimit))
                            .branchName());
            assertEquals(
                    RejectReason.VALUE_TOO_LONG.name(),
                    rejected(CHESTERFIELD_MULTI.replace("Chesterfield", over)).reasonCode());
            assertEquals(
                    ReceiptParser.MAX_NAME_LENGTH,
                    accepted(CHESTERFIELD_MULTI.replace("Flat white", atLimit))
                            .items()
                            .get(1)
                            .productName()
                            .length());
            assertEquals(
                    RejectReason.VALUE_TOO_LONG.name(),
                    rejected(CHESTERFIELD_MULTI.replace("Flat white", over)).reasonCode());
            assertEquals(
                    RejectReason.VALUE_TOO_LONG.name(),
                    rejected(CHESTERFIELD_MULTI.replace("Hazelnut", over)).reasonCode());
            assertEquals(
                    RejectReason.VALUE_TOO_LONG.name(),
                    rejected(WIGHT_CARD.replace("Large", over)).reasonCode());
        }

        @Test
        void amountsUpToTheLimitLoadAndLargerOnesAreRejected() {
            String max = ReceiptParser.MAX_AMOUNT.toPlainString();
            assertEquals(
                    ReceiptParser.MAX_AMOUNT,
                    accepted("23/03/2021 09:02,Chesterfield,Juno Inglenook,Large Latte - " + max + "," + max + ",CASH,")
                            .total());
            assertEquals(
                    RejectReason.AMOUNT_TOO_LARGE.name(),
                    rejected("23/03/2021 09:02,Chesterfield,Juno Inglenook,Large Latte - 1000000.00,1000000.00,CASH,")
                            .reasonCode());
            assertEquals(
                    RejectReason.AMOUNT_TOO_LARGE.name(),
                    rejected("23/03/2021 09:02,Chesterfield,Juno Inglenook,Large Latte - 2.45,99999999999999.00,CASH,")
                            .reasonCode());
        }
    }

    @Nested
    class LayoutDetection {
        @Test
        void aCurrentRowWithAnIsoDateIsStillCurrent() {
            Receipt iso = accepted(CHESTERFIELD_MULTI.replace("23/03/2021 09:02", "2021-03-23 09:02:00"));
            assertEquals(accepted(CHESTERFIELD_MULTI).saleId(), iso.saleId());
            assertEquals(new BigDecimal("5.20"), iso.total());
        }

        @Test
        void aLegacyRowWithACurrentShapedDateIsStillLegacy() {
            Receipt rewritten = accepted(WIGHT_CARD.replace("2021-02-23 09:01:45", "23/02/2021 09:01:45"));
            assertEquals(accepted(WIGHT_CARD).saleId(), rewritten.saleId());
            assertEquals(accepted(WIGHT_CARD).customerKey(), rewritten.customerKey());
        }
    }

    @Nested
    class Pii {
        static String lineFor(RejectReason reason) {
            return switch (reason) {
                case MALFORMED_CSV -> CHESTERFIELD_MULTI.replace("2.45\",", "2.45,");
                // name split over two columns and the card shifted right
                case WRONG_COLUMN_COUNT -> CHESTERFIELD_MULTI.replace(JEANNE_NAME, "Inglenook, Juno");
                case CONTROL_CHARACTER -> CHESTERFIELD_MULTI.replace("Flat white", "Flat\u0000white");
                case VALUE_TOO_LONG -> CHESTERFIELD_MULTI.replace("Flat white", "Flat white".repeat(11));
                case AMOUNT_TOO_LARGE -> CHESTERFIELD_MULTI.replace(",5.20,", ",5000000.20,");
                case BAD_TIMESTAMP -> CHESTERFIELD_MULTI.replace("23/03/2021 09:02", "23/03/2021 at nine");
                case IMPOSSIBLE_DATE -> CHESTERFIELD_MULTI.replace("23/03/2021 09:02", "31/02/2021 09:00");
                case OUT_OF_RANGE -> CHESTERFIELD_MULTI.replace("23/03/2021 09:02", "23/03/2201 09:02");
                case OUTSIDE_FILE_PERIOD -> CHESTERFIELD_MULTI.replace("23/03/2021 09:02", "23/03/2023 09:02");
                case BRANCH_MISMATCH -> CHESTERFIELD_MULTI.replace(",Chesterfield,", ",Leeds,");
                case NOT_UTF8 -> CHESTERFIELD_MULTI.replace("Flat white", "Fl\uFFFDt white");
                case LINE_TOO_LONG ->
                    CHESTERFIELD_MULTI.replace(
                            "Large Flat white - 2.45",
                            "Large Flat white - 2.45, ".repeat(3000) + "Large Flat white - 2.45");
                case UNREADABLE_FILE, INTERNAL_ERROR ->
                    throw new IllegalArgumentException(reason + " is not about a line's content");
                case MISSING_BRANCH -> CHESTERFIELD_MULTI.replace(",Chesterfield,", ",,");
                case EMPTY_BASKET -> "23/03/2021 09:02,Chesterfield,Juno Inglenook,,5.20,CARD," + JEANNE_CARD;
                case BAD_ITEM -> CHESTERFIELD_MULTI.replace("Large Flat white - 2.45", "Large Flat white 2.45");
                case BAD_PRICE -> CHESTERFIELD_MULTI.replace("- 2.45", "- £2.45");
                case NEGATIVE_PRICE -> CHESTERFIELD_MULTI.replace("- 2.45", "- -2.45");
                case BAD_TOTAL -> CHESTERFIELD_MULTI.replace(",5.20,", ",5.20p,");
                case TOTAL_MISMATCH -> CHESTERFIELD_MULTI.replace(",5.20,", ",5.30,");
                case UNKNOWN_PAYMENT_TYPE -> CHESTERFIELD_MULTI.replace(",CARD,", ",VOUCHER,");
            };
        }

        @ParameterizedTest
        @EnumSource(
                value = RejectReason.class,
                mode = EnumSource.Mode.EXCLUDE,
                names = {"UNREADABLE_FILE", "INTERNAL_ERROR"})
        void noRejectionCarriesNameOrCard(RejectReason reason) {
            String line = lineFor(reason);
            ParseOutcome outcome = parse(CHESTERFIELD_FILE, 1, line);
            Rejection r = assertInstanceOf(ParseOutcome.Rejected.class, outcome, outcome::toString)
                    .rejection();
            assertEquals(reason.name(), r.reasonCode());
            assertTrue(r.reason().startsWith(reason.description()), r.reason());
            assertFalse(r.excerpt().isEmpty());
            assertNoPii(outcome, JEANNE_NAME, JEANNE_CARD);
        }

        @ParameterizedTest
        @EnumSource(
                value = RejectReason.class,
                mode = EnumSource.Mode.EXCLUDE,
                names = {"UNREADABLE_FILE", "INTERNAL_ERROR"})
        void noRejectionCarriesNameOrCardWithCrlf(RejectReason reason) {
            ParseOutcome outcome = parse(CHESTERFIELD_FILE, 1, lineFor(reason) + "\r");
            assertInstanceOf(ParseOutcome.Rejected.class, outcome);
            assertNoPii(outcome, JEANNE_NAME, JEANNE_CARD);
        }

        @Test
        void acceptedRowsCarryNoNameOrCard() {
            assertAll(
                    () -> assertNoPii(parse(CHESTERFIELD_MULTI), JEANNE_NAME, JEANNE_CARD),
                    () -> assertNoPii(parse(BRIXTON_SINGLE), "Ruby Kestrel", "5152000000006511"),
                    () -> assertNoPii(parse(BIRMINGHAM_CASH), "Linnea Moreby", ""),
                    () -> assertNoPii(parse(CHESTERFIELD_SUMMER), "Rowan Fairweather", "5494000000002516"),
                    () -> assertNoPii(parse(WIGHT_CASH), "Marlow Birchall", ""),
                    () -> assertNoPii(parse(WIGHT_CARD), "Wilfred Pennycook", "6011000000008866"),
                    () -> assertNoPii(parse(WIGHT_BLANK_SIZES), "Amelia Rookwood", "6011800000008836"));
        }

        @Test
        void legacyRejectionsCarryNoNameOrCard() {
            assertAll(
                    () -> assertNoPii(
                            parse(WIGHT_CARD.replace(",2.45,\"discover", ",2.55,\"discover")),
                            "Wilfred Pennycook",
                            "6011000000008866"),
                    () -> assertNoPii(
                            parse(WIGHT_CARD.replace("\"discover,", "discover,").replace("866\"", "866")),
                            "Wilfred Pennycook",
                            "6011000000008866"),
                    () -> assertNoPii(
                            parse(WIGHT_CARD.replace(",CARD,", ",CHEQUE,")), "Wilfred Pennycook", "6011000000008866"));
        }

        @Test
        void eightColumnsWithNameAndCardShiftedAreMasked() {
            // an extra column before the name pushes the name to column 3 and the card to column 7
            String line = "23/03/2021 09:02,Chesterfield,Store 2,Juno Inglenook,"
                    + "\"Regular Flavoured iced latte - Hazelnut - 2.75, Large Flat white - 2.45\",5.20,CARD,"
                    + JEANNE_CARD;
            Rejection r = rejected(line);
            assertEquals(RejectReason.WRONG_COLUMN_COUNT.name(), r.reasonCode());
            assertNoPii(r.excerpt(), JEANNE_NAME, JEANNE_CARD);
            assertNoPii(r.toString(), JEANNE_NAME, JEANNE_CARD);
        }

        @Test
        void legacyRowWithUnquotedCardIsMasked() {
            Rejection r = rejected("2021-02-23 09:01:45,Isle of Wight,Wilfred Pennycook,\"Large,Latte,2.45\",CARD,2.45,"
                    + "discover,6011000000008866");
            assertEquals(RejectReason.WRONG_COLUMN_COUNT.name(), r.reasonCode());
            assertNoPii(r.toString(), "Wilfred Pennycook", "6011000000008866");
        }

        @Test
        void aParserFailureIsRejectedByItsExceptionTypeAloneNeverItsMessage() {
            SourceLine line = new SourceLine(FILE, 7, CHESTERFIELD_MULTI);
            Rejection r =
                    ReceiptParser.internalError(line, new IllegalStateException("cannot parse " + CHESTERFIELD_MULTI));

            assertEquals(RejectReason.INTERNAL_ERROR.name(), r.reasonCode());
            assertTrue(r.reason().endsWith("java.lang.IllegalStateException"), r.reason());
            assertNoPii(r.toString(), JEANNE_NAME, JEANNE_CARD);
        }

        @Test
        void nameShiftedLeftIntoBranchColumnIsMasked() {
            Rejection sixColumns =
                    rejected("23/03/2021 08:00,Ruby Kestrel,Regular Iced americano - 2.15,2.15,CARD,5152000000006511");
            Rejection sevenColumns =
                    rejected("23/03/2021 08:00,Ruby Kestrel,Regular Iced americano - 2.15,2.15,CARD,5152000000006511,");
            assertEquals(RejectReason.WRONG_COLUMN_COUNT.name(), sixColumns.reasonCode());
            assertEquals(RejectReason.BAD_ITEM.name(), sevenColumns.reasonCode());
            assertAll(
                    () -> assertNoPii(sixColumns.excerpt(), "Ruby Kestrel", "5152000000006511"),
                    () -> assertNoPii(sevenColumns.excerpt(), "Ruby Kestrel", "5152000000006511"));
        }

        @Test
        void longLineCutThroughTheCardNumberLeavesNoCardDigits() {
            // leeds_23-03-2021 16:04 with one item more and the name split over two columns, so that the
            // 300-character excerpt limit falls inside the card number
            String card = "8297100000006168";
            String line = "23/03/2021 16:04,Leeds,Trollinger, Glen,\"Large Filter coffee - 1.80, Regular Hot Chocolate"
                    + " - 1.40, Large Iced americano - 2.50, Large Speciality Tea - English breakfast - 1.60, Regular"
                    + " Speciality Tea - English breakfast - 1.30, Regular Chai latte - 2.30, Regular Flat white -"
                    + " 2.15\",13.05,CARD," + card;
            assertEquals(Excerpt.MAX_LENGTH - 7, line.indexOf(card));
            Rejection r = rejected(line);
            assertEquals(RejectReason.WRONG_COLUMN_COUNT.name(), r.reasonCode());
            for (int i = 0; i + 6 <= card.length(); i++) {
                String run = card.substring(i, i + 6);
                assertFalse(r.excerpt().contains(run), () -> "card digits " + run + " in " + r.excerpt());
            }
        }
    }
}
