package io.tillstream.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TillTimestampsTest {

    @Test
    void readsBothTillShapes() {
        assertEquals(LocalDateTime.of(2021, 8, 25, 9, 1), TillTimestamps.fixedWidth("25/08/2021 09:01"));
        assertEquals(LocalDateTime.of(2021, 8, 25, 9, 1, 7), TillTimestamps.fixedWidth("25/08/2021 09:01:07"));
        assertEquals(LocalDateTime.of(2021, 2, 23, 9, 1, 45), TillTimestamps.fixedWidth("2021-02-23 09:01:45"));
        assertEquals(LocalDateTime.of(2021, 2, 23, 9, 1), TillTimestamps.fixedWidth("2021-02-23T09:01"));
    }

    @Test
    void leavesEverythingElseToTheFormatters() {
        assertNull(TillTimestamps.fixedWidth("29/02/2021 09:00"), "no such day");
        assertNull(TillTimestamps.fixedWidth("25/08/2021 24:00"));
        assertNull(TillTimestamps.fixedWidth("25/08/2021 09:60"));
        assertNull(TillTimestamps.fixedWidth("5/8/2021 9:01"), "not padded: the formatter reads it");
        assertNull(TillTimestamps.fixedWidth("25-08-2021 09:01"));
        assertNull(TillTimestamps.fixedWidth("2021/02/23 09:01"));
        assertNull(TillTimestamps.fixedWidth("25/08/2021T09:01"));
        assertNull(TillTimestamps.fixedWidth("25/08/2021 09:01:"));
        assertNull(TillTimestamps.fixedWidth("25/08/2O21 09:01"));
        assertNull(TillTimestamps.fixedWidth("٢٥/08/2021 09:01"), "Arabic-Indic digits");
    }

    /** Whatever the shortcut reads, the parser's formatters read the same; whatever they refuse, it refuses. */
    @Test
    void agreesWithTheFormattersOnEveryStringOfEitherShape() {
        Random random = new Random(29);
        String[] templates = {"DD/DD/DDDD DD:DD", "DD/DD/DDDD DD:DD:DD", "DDDD-DD-DD DD:DD", "DDDD-DD-DDTDD:DD:DD"};
        for (int n = 0; n < 50_000; n++) {
            String template = templates[random.nextInt(templates.length)];
            StringBuilder text = new StringBuilder();
            for (char c : template.toCharArray()) {
                text.append(c == 'D' ? (char) ('0' + digit(random)) : c);
            }
            String shaped = text.toString();
            assertEquals(formatters(shaped), TillTimestamps.fixedWidth(shaped), shaped);
        }
    }

    /** Small digits more often, so that most strings are real dates and times. */
    private static int digit(Random random) {
        return random.nextBoolean() ? random.nextInt(3) : random.nextInt(10);
    }

    private static LocalDateTime formatters(String text) {
        boolean iso = text.charAt(4) == '-';
        try {
            return LocalDateTime.parse(
                    iso ? text.replace('T', ' ') : text, iso ? ReceiptParser.ISO_TIME : ReceiptParser.CURRENT_TIME);
        } catch (DateTimeParseException refused) {
            return null;
        }
    }
}
