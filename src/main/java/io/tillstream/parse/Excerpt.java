package io.tillstream.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * PII-free excerpts of rejected lines for the dead-letter table. Whatever could identify a person
 * is masked: the name and card columns and name-like fields when there are seven columns, every
 * word and long number when there are not. The data team reads the full line in the file itself.
 */
final class Excerpt {
    static final int MAX_LENGTH = 300;
    static final String MASK = "***";

    private static final Pattern LONG_NUMBER = Pattern.compile("\\d[\\d .E+]{6,}\\d");
    private static final Pattern WORD = Pattern.compile("\\p{L}+");
    /** A control character (NUL above all) would make the excerpt itself unstorable. */
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    private static final String REPLACEMENT = "\uFFFD";
    /** Two or more capitalised words and nothing else: how a person's name looks in any column. */
    private static final Pattern NAME_LIKE = Pattern.compile("\\s*\\p{Lu}[\\p{L}'-]*(\\s+\\p{Lu}[\\p{L}'-]*)+\\s*");

    private Excerpt() {}

    /**
     * Seven fields, but perhaps shifted: mask the name and card columns, any other field that looks
     * like a name (a branch name is lost with it, but the file name tells the branch), and long
     * numbers anywhere. Masking happens before truncation, so a cut never leaves digits behind.
     */
    static String of(List<String> fields) {
        List<String> masked = new ArrayList<>(fields);
        for (int i = 0; i < masked.size(); i++) {
            String field = masked.get(i);
            boolean personal = i == ReceiptParser.NAME_COLUMN || i == ReceiptParser.CARD_COLUMN;
            if ((personal && !field.isBlank()) || NAME_LIKE.matcher(field).matches()) {
                masked.set(i, MASK);
            }
        }
        return truncate(LONG_NUMBER.matcher(String.join(",", masked)).replaceAll(MASK));
    }

    /** A line whose columns cannot be trusted: keep only its shape. */
    static String unstructured(String line) {
        String noNumbers = LONG_NUMBER.matcher(line).replaceAll(MASK);
        return truncate(WORD.matcher(noNumbers).replaceAll("w"));
    }

    private static String truncate(String masked) {
        String text = CONTROL.matcher(masked).replaceAll(REPLACEMENT);
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "…";
    }
}
