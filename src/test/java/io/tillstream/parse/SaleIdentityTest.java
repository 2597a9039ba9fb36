package io.tillstream.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tillstream.source.SourceLine;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sale identity v2 (docs/identity.md): every way a tool re-exports a sale gives it the same id, and
 * every change to what the sale is gives it another.
 */
class SaleIdentityTest {
    /** Claims no branch, so rows naming any branch parse. */
    static final String FILE = "s3://tills/in/re-export.csv";

    /** Shaped as the real rows of {@link IdentityGoldenVectorsTest}, with an invented customer and card. */
    static final String CURRENT = "25/08/2021 09:00,Chesterfield,Rowan Fairweather,"
            + "\"Regular Flavoured iced latte - Hazelnut - 2.75, Large Latte - 2.45\",5.2,CARD,5494000000002516";

    static final String LEGACY = "2021-02-23 09:01:45,Isle of Wight,Wilfred Pennycook,\"Large,Latte,2.45\",CARD,2.45,"
            + "\"discover,6011000000008866\"";

    private final ReceiptParser parser =
            new ReceiptParser(new Keys(IdentityGoldenVectorsTest.SECRET), ZoneId.of("Europe/London"));

    private String saleId(String text) {
        ParseOutcome outcome = parser.parse(new SourceLine(FILE, 1, text));
        return assertInstanceOf(ParseOutcome.Parsed.class, outcome, () -> text + " -> " + outcome)
                .receipt()
                .saleId();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // spreadsheet re-save: unpadded date, seconds added, trailing zero dropped, card in E notation
                "25/8/2021 9:00:00,Chesterfield,Rowan Fairweather,"
                        + "\"Regular Flavoured iced latte - Hazelnut - 2.75, Large Latte - 2.45\",5.2,CARD,5.49E+15",
                // every field quoted, total with two decimals
                "\"25/08/2021 09:00\",\"Chesterfield\",\"Rowan Fairweather\","
                        + "\"Regular Flavoured iced latte - Hazelnut - 2.75, Large Latte - 2.45\",\"5.20\",\"CARD\","
                        + "\"5494000000002516\"",
                // padded with spaces, name spacing and case changed, CRLF
                " 25/08/2021 09:00 ,  CHESTERFIELD , rowan   fairweather ,"
                        + "\" Regular Flavoured iced latte - Hazelnut - 2.750 , Large Latte - 2.45 \", 5.20 , card ,"
                        + " 5494000000002516 \r",
                // masked card, prices with one decimal written out
                "25/08/2021 09:00,Chesterfield,Rowan Fairweather,"
                        + "\"Regular Flavoured iced latte - Hazelnut - 2.75, Large Latte - 2.45\",5.20,CARD,************2516",
                // the spreadsheet rewrote the date to ISO, with seconds
                "2021-08-25 09:00:59,Chesterfield,Rowan Fairweather,"
                        + "\"Regular Flavoured iced latte - Hazelnut - 2.75, Large Latte - 2.45\",5.20,CARD,",
                // a product's case differs (Hot Chocolate / Hot chocolate), seconds in ISO form with a T
                "2021-08-25T09:00,Chesterfield,Rowan Fairweather,"
                        + "\"regular flavoured iced latte - hazelnut - 2.75, LARGE LATTE - 2.45\",5.20,CARD,5.49E15"
            })
    void reExportsOfACurrentRowKeepItsId(String reExport) {
        assertEquals(saleId(CURRENT), saleId(reExport));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // unpadded date, seconds dropped, mangled card
                "2021-2-23 9:01,Isle of Wight,Wilfred Pennycook,\"Large,Latte,2.45\",CARD,2.45,\"discover,6.01E+15\"",
                // the spreadsheet rewrote the legacy date to the current layout's shape
                "23/02/2021 09:01,Isle of Wight,Wilfred Pennycook,\"Large,Latte,2.4500\",CARD,2.45,None",
                // padding, CRLF, quoting
                "\" 2021-02-23 09:01:45\",\" Isle of Wight \",\"Wilfred Pennycook\",\"Large,Latte,2.45\",\"CARD\","
                        + "\"2.45\",\"discover,6011000000008866\"\r"
            })
    void reExportsOfALegacyRowKeepItsId(String reExport) {
        assertEquals(saleId(LEGACY), saleId(reExport));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // another minute
                "25/08/2021 09:01,Chesterfield,Rowan Fairweather,"
                        + "\"Regular Flavoured iced latte - Hazelnut - 2.75, Large Latte - 2.45\",5.20,CARD,",
                // another branch
                "25/08/2021 09:00,Leeds,Rowan Fairweather,"
                        + "\"Regular Flavoured iced latte - Hazelnut - 2.75, Large Latte - 2.45\",5.20,CARD,",
                // another customer
                "25/08/2021 09:00,Chesterfield,Rowan Fairweathers,"
                        + "\"Regular Flavoured iced latte - Hazelnut - 2.75, Large Latte - 2.45\",5.20,CARD,",
                // another flavour
                "25/08/2021 09:00,Chesterfield,Rowan Fairweather,"
                        + "\"Regular Flavoured iced latte - Vanilla - 2.75, Large Latte - 2.45\",5.20,CARD,",
                // another size
                "25/08/2021 09:00,Chesterfield,Rowan Fairweather,"
                        + "\"Large Flavoured iced latte - Hazelnut - 2.75, Large Latte - 2.45\",5.20,CARD,",
                // another price (and total)
                "25/08/2021 09:00,Chesterfield,Rowan Fairweather,"
                        + "\"Regular Flavoured iced latte - Hazelnut - 2.85, Large Latte - 2.45\",5.30,CARD,",
                // the same items in another order
                "25/08/2021 09:00,Chesterfield,Rowan Fairweather,"
                        + "\"Large Latte - 2.45, Regular Flavoured iced latte - Hazelnut - 2.75\",5.20,CARD,",
                // one more item
                "25/08/2021 09:00,Chesterfield,Rowan Fairweather,"
                        + "\"Regular Flavoured iced latte - Hazelnut - 2.75, Large Latte - 2.45, Large Latte - 2.45\","
                        + "7.65,CARD,",
                // paid in cash
                "25/08/2021 09:00,Chesterfield,Rowan Fairweather,"
                        + "\"Regular Flavoured iced latte - Hazelnut - 2.75, Large Latte - 2.45\",5.20,CASH,"
            })
    void changingWhatTheSaleIsChangesItsId(String otherSale) {
        assertNotEquals(saleId(CURRENT), saleId(otherSale));
    }

    @ParameterizedTest
    @ValueSource(strings = {CURRENT})
    void allChangedSalesDifferFromEachOther(String base) {
        List<String> changes = List.of(
                base.replace("09:00", "09:01"),
                base.replace("Chesterfield", "Leeds"),
                base.replace("Fairweather", "Fairweathers"),
                base.replace(",CARD,", ",CASH,"));
        Set<String> ids = new HashSet<>();
        ids.add(saleId(base));
        changes.forEach(c -> ids.add(saleId(c)));
        assertEquals(changes.size() + 1, ids.size());
    }
}
