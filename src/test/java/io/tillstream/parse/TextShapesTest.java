package io.tillstream.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each hand-written check accepts exactly what the regular expression it replaced matches. */
class TextShapesTest {
    private static final Pattern PRICE = Pattern.compile("\\d+(\\.\\d{1,2}0*)?");
    private static final Pattern CARD_DIGITS = Pattern.compile("\\d{4,19}");
    private static final Pattern ISO_TIMESTAMP = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}[ T].*");

    @Test
    void pricesAsTheExpressionDefinesThem() {
        List<String> samples = every("0123.5", 6);
        samples.addAll(List.of("2.45", "2.450000", "2.451", "2.", ".5", "5.2", "٣.50", "1e3", " 2.45", "2,45"));
        agree(PRICE, TextShapes::isPrice, samples);
    }

    @Test
    void cardNumbersAsTheExpressionDefinesThem() {
        List<String> samples = every("05x", 5);
        for (int length = 0; length <= 21; length++) {
            samples.add("4".repeat(length));
        }
        samples.addAll(List.of("5.49E+15", "٤٤٤٤٤", "1234 5678"));
        agree(CARD_DIGITS, TextShapes::isCardDigits, samples);
    }

    @Test
    void isoTimestampsAsTheExpressionDefinesThem() {
        List<String> samples = new ArrayList<>(List.of(
                "2021-02-23 09:01:45",
                "2021-2-3T9:01",
                "2021-02-23",
                "2021-02-23 ",
                "2021-023-1 09:00",
                "202-02-23 09:00",
                "20210-02-23 09:00",
                "2021/02/23 09:00",
                "2021-02-23x09:00",
                "2021--23 09:00",
                "2021-02- 09:00",
                "23/02/2021 09:01"));
        for (char terminator : new char[] {'\n', '\r', '\u0085', '\u2028', '\u2029', '\t', '\u00a0'}) {
            samples.add("2021-02-23 09:01" + terminator + "45");
        }
        Random random = new Random(13);
        String alphabet = "0123456789- T/:";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(14); n > 0; n--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            samples.add(s.toString());
        }
        agree(ISO_TIMESTAMP, TextShapes::isIsoTimestamp, samples);
    }

    /** Every string of up to {@code maxLength} characters from {@code alphabet}. */
    private static List<String> every(String alphabet, int maxLength) {
        List<String> all = new ArrayList<>(List.of(""));
        List<String> previous = List.of("");
        for (int length = 1; length <= maxLength; length++) {
            List<String> next = new ArrayList<>();
            for (String prefix : previous) {
                for (char c : alphabet.toCharArray()) {
                    next.add(prefix + c);
                }
            }
            all.addAll(next);
            previous = next;
        }
        return all;
    }

    private static void agree(Pattern expression, Predicate<String> check, List<String> samples) {
        int accepted = 0;
        for (String s : samples) {
            boolean expected = expression.matcher(s).matches();
            assertEquals(expected, check.test(s), () -> "'" + s + "'");
            accepted += expected ? 1 : 0;
        }
        assertEquals(true, accepted > 0, "no sample matched " + expression);
    }
}
