package io.tillstream.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits one CSV line (RFC 4180 quoting, comma separated). A hand-written splitter rather than a
 * CSV library: a line is already isolated by the source, and errors must become rejections with a
 * reason, never exceptions that could carry the raw line.
 */
final class CsvFields {
    private CsvFields() {}

    /**
     * The fields of {@code line}, or empty when a quote is left open. A field without quotes, or
     * quoted whole without doubled quotes (nearly every field a till writes), is cut out of the line
     * as it is; only the others are copied character by character.
     */
    static Optional<List<String>> split(String line) {
        List<String> fields = new ArrayList<>(8);
        int n = line.length();
        int start = 0;
        while (true) {
            int end = plainEnd(line, start);
            if (end >= 0) {
                fields.add(line.substring(start, end));
            } else {
                end = quotedWholeEnd(line, start);
                if (end >= 0) {
                    fields.add(line.substring(start + 1, end - 1));
                } else {
                    StringBuilder field = new StringBuilder();
                    end = copyField(line, start, field);
                    if (end < 0) {
                        return Optional.empty();
                    }
                    fields.add(field.toString());
                }
            }
            if (end == n) {
                return Optional.of(fields);
            }
            start = end + 1;
        }
    }

    /** Where a field from {@code start} without any quote ends (a comma or the line's end), or -1. */
    private static int plainEnd(String line, int start) {
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ',') {
                return i;
            }
            if (c == '"') {
                return -1;
            }
        }
        return line.length();
    }

    /** Where a field quoted from its first to its last character, with no quote inside, ends; or -1. */
    private static int quotedWholeEnd(String line, int start) {
        if (line.charAt(start) != '"') {
            return -1;
        }
        int close = line.indexOf('"', start + 1);
        if (close < 0 || (close + 1 < line.length() && line.charAt(close + 1) != ',')) {
            return -1;
        }
        return close + 1;
    }

    /**
     * Copies the field from {@code start} into {@code field}, unquoting as RFC 4180 says: a quote
     * opens or closes quoting anywhere, a doubled quote inside quoting is one quote. Returns where
     * the field ends (a comma outside quoting or the line's end), or -1 when a quote is left open.
     */
    private static int copyField(String line, int start, StringBuilder field) {
        boolean quoted = false;
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c != '"') {
                    field.append(c);
                } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                return i;
            } else {
                field.append(c);
            }
        }
        return quoted ? -1 : line.length();
    }
}
