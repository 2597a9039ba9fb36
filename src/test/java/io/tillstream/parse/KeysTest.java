package io.tillstream.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeysTest {
    static final String SECRET = "unit-test-secret-0123456789";
    static final String CARD = "5494000000002516";
    static final String ROW = "2021-03-23T09:02\nchesterfield\nJuno Inglenook\n...\n5.20\nCARD\n2068000000005057";
    static final String UUID_TEXT = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void hmacKeysAreDeterministicAcrossInstances() {
        Keys a = new Keys(SECRET);
        Keys b = new Keys(SECRET);
        assertEquals(a.saleId(ROW), b.saleId(ROW));
        assertEquals(a.customerKey(CARD), b.customerKey(CARD));
        assertEquals(a.saleId(ROW), a.saleId(ROW), "reusing the Mac gives the same key");
        assertEquals(a.customerKey(CARD), a.customerKey(CARD));
    }

    @Test
    void hmacKeysDependOnTheSecret() {
        Keys a = new Keys(SECRET);
        Keys b = new Keys(SECRET + "x");
        assertNotEquals(a.saleId(ROW), b.saleId(ROW));
        assertNotEquals(a.customerKey(CARD), b.customerKey(CARD));
    }

    @Test
    void saleIdAndCustomerKeyAreDomainSeparated() {
        Keys keys = new Keys(SECRET);
        for (String x : new String[] {CARD, ROW, "", "sale", "customer"}) {
            assertNotEquals(keys.saleId(x), keys.customerKey(x), x);
        }
    }

    @Test
    void differentInputsGiveDifferentKeys() {
        Keys keys = new Keys(SECRET);
        assertNotEquals(keys.customerKey(CARD), keys.customerKey("6011000000008866"));
        assertNotEquals(keys.saleId(ROW), keys.saleId(ROW + " "));
    }

    @Test
    void hmacKeysAreVersion8IetfUuids() {
        Keys keys = new Keys(SECRET);
        for (String key : new String[] {keys.saleId(ROW), keys.customerKey(CARD), keys.customerKey("")}) {
            assertTrue(key.matches(UUID_TEXT), key);
            UUID uuid = UUID.fromString(key);
            assertEquals(key, uuid.toString());
            assertEquals(8, uuid.version(), key);
            assertEquals(2, uuid.variant(), key);
        }
    }

    @Test
    void nameBasedIdsAreVersion3Uuids() {
        for (String id : new String[] {
            Keys.productId("Hot chocolate", "Regular", ""), Keys.branchId("Leeds"), Keys.rejectionId("f.csv", 3)
        }) {
            assertTrue(id.matches(UUID_TEXT), id);
            assertEquals(3, UUID.fromString(id).version(), id);
        }
    }

    @Test
    void normaliseFoldsCaseUnderscoresAndSpacing() {
        assertEquals("london brixton", Keys.normalise("london_brixton"));
        assertEquals("london brixton", Keys.normalise("London Brixton"));
        assertEquals("london brixton", Keys.normalise("  LONDON   Brixton "));
        assertEquals("london brixton", Keys.normalise("London\tBrixton"));
        assertEquals("hot chocolate", Keys.normalise("Hot Chocolate"));
        assertEquals(Keys.normalise("Hot chocolate"), Keys.normalise("Hot Chocolate"));
    }

    /** Sale ids are HMACs of folded names: the folding is pinned to the rule it was first written as. */
    @Test
    void normaliseFoldsExactlyAsTheRegularExpressionItReplaced() {
        char[] alphabet = {'a', 'B', ' ', '_', '\t', '\n', '\u000B', '\f', '\r', '\u0001', '\u00A0', '\u2003', 'İ', '-'
        };
        Random random = new Random(20261129);
        for (int n = 0; n < 20_000; n++) {
            char[] text = new char[random.nextInt(9)];
            for (int i = 0; i < text.length; i++) {
                text[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String s = new String(text);
            String expected =
                    s.toLowerCase(Locale.ROOT).replaceAll("[\\s_]+", " ").trim();
            assertEquals(
                    expected,
                    Keys.normalise(s),
                    () -> "for " + s.chars().boxed().toList());
        }
    }

    @Test
    void branchIdFromFileNameMatchesBranchColumn() {
        assertEquals(Keys.branchId("london_brixton"), Keys.branchId("London Brixton"));
        assertNotEquals(Keys.branchId("London Brixton"), Keys.branchId("London Camden"));
    }

    @Test
    void productIdIgnoresCaseButNotSizeOrFlavour() {
        String regular = Keys.productId("Hot chocolate", "Regular", "");
        assertEquals(regular, Keys.productId("Hot Chocolate", "regular", ""));
        assertNotEquals(regular, Keys.productId("Hot chocolate", "Large", ""));
        assertNotEquals(regular, Keys.productId("Hot chocolate", "Regular", "Vanilla"));
        assertEquals(
                Keys.productId("Flavoured iced latte", "Regular", "Hazelnut"),
                Keys.productId("Flavoured iced latte", "Regular", "hazelnut"));
    }

    @Test
    void productAndBranchIdsDoNotCollideAcrossKinds() {
        assertNotEquals(Keys.branchId("Latte"), Keys.productId("Latte", "", ""));
    }

    @Test
    void rejectionIdIsPerFileAndLine() {
        assertEquals(Keys.rejectionId("a.csv", 1), Keys.rejectionId("a.csv", 1));
        assertNotEquals(Keys.rejectionId("a.csv", 1), Keys.rejectionId("a.csv", 2));
        assertNotEquals(Keys.rejectionId("a.csv", 1), Keys.rejectionId("b.csv", 1));
    }
}
