package io.tillstream.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * PII-free excerpts of rejected lines for the dead-letter table. Whatever could identify a person
 * is masked: the name and card columns when the columns are known, every word and long number
 * when they are not.
 */
final class Excerpt {
    static final int MAX_LENGTH = 300;
    static final String MASK = "***";

    private static final Pattern LONG_NUMBER = Pattern.compile("\\d[\\d .E+]{6,}\\d");
    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    private Excerpt() {}

    /** Fields in one of the known layouts: mask name and card columns, and long numbers anywhere. */
    static String of(List<String> fields) {
        List<String> masked = new ArrayList<>(fields);
        for (int column : new int[] {ReceiptParser.NAME_COLUMN, ReceiptParser.CARD_COLUMN}) {
            if (column < masked.size() && !masked.get(column).isBlank()) {
                masked.set(column, MASK);
            }
        }
        String joined = String.join(",", masked);
        return truncate(LONG_NUMBER.matcher(joined).replaceAll(MASK));
    }

    /** A line whose columns cannot be trusted: keep only its shape. */
    static String unstructured(String line) {
        String noNumbers = LONG_NUMBER.matcher(truncate(line)).replaceAll(MASK);
        return WORD.matcher(noNumbers).replaceAll("w");
    }

    private static String truncate(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "…";
    }
}
