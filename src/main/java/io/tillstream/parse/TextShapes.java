package io.tillstream.parse;

/**
 * The shapes the parser checks on every line, tested by hand instead of by regular expression: a
 * matcher per price, card number and timestamp was a fifth of the parser's time. Each method
 * accepts exactly what the regular expression in its comment matches ({@code \d} being ASCII
 * digits, as in Java's default), which {@code TextShapesTest} checks against the expression itself.
 */
final class TextShapes {
    private TextShapes() {}

    /** {@code \d+(\.\d{1,2}0*)?}: whole units, or at most two decimals followed by zeros only. */
    static boolean isPrice(String s) {
        int i = digits(s, 0);
        if (i == 0) {
            return false;
        }
        if (i == s.length()) {
            return true;
        }
        if (s.charAt(i) != '.') {
            return false;
        }
        int fraction = i + 1;
        int end = digits(s, fraction);
        if (end != s.length() || end == fraction) {
            return false;
        }
        for (int j = fraction + 2; j < end; j++) {
            if (s.charAt(j) != '0') {
                return false;
            }
        }
        return true;
    }

    /** {@code \d{4,19}}: what a card number can be. */
    static boolean isCardDigits(String s) {
        return s.length() >= 4 && s.length() <= 19 && digits(s, 0) == s.length();
    }

    /** {@code \d{4}-\d{1,2}-\d{1,2}[ T].*}: the legacy tills' ISO date first, then anything on the line. */
    static boolean isIsoTimestamp(String s) {
        int i = digits(s, 0);
        if (i != 4 || !at(s, i, '-')) {
            return false;
        }
        int month = digits(s, i + 1);
        if (month - (i + 1) < 1 || month - (i + 1) > 2 || !at(s, month, '-')) {
            return false;
        }
        int day = digits(s, month + 1);
        if (day - (month + 1) < 1 || day - (month + 1) > 2 || !(at(s, day, ' ') || at(s, day, 'T'))) {
            return false;
        }
        for (int j = day + 1; j < s.length(); j++) {
            if (isLineTerminator(s.charAt(j))) {
                return false;
            }
        }
        return true;
    }

    /** Where the run of ASCII digits from {@code from} ends. */
    private static int digits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static boolean at(String s, int i, char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    /** What a regular expression's {@code .} does not match without DOTALL. */
    private static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
