package io.tillstream.parse;

import java.time.DateTimeException;
import java.time.LocalDateTime;

/**
 * The two shapes tills write, {@code 25/08/2021 09:01} and {@code 2021-02-23 09:01:45} (seconds
 * optional, {@code T} or a space between date and time), read by position. A formatter took a
 * tenth of the parser's time; anything else, and any impossible date, is left to the formatters,
 * which also say why a timestamp is rejected.
 */
final class TillTimestamps {
    private TillTimestamps() {}

    /** The local time {@code text} writes in one of the tills' shapes, or null. */
    static LocalDateTime fixedWidth(String text) {
        int length = text.length();
        if (length != 16 && (length != 19 || text.charAt(16) != ':')) {
            return null;
        }
        if (text.charAt(13) != ':') {
            return null;
        }
        int second = length == 19 ? number(text, 17, 19) : 0;
        int hour = number(text, 11, 13);
        int minute = number(text, 14, 16);
        int year;
        int month;
        int day;
        char separator = text.charAt(10);
        if (text.charAt(2) == '/' && text.charAt(5) == '/' && separator == ' ') {
            day = number(text, 0, 2);
            month = number(text, 3, 5);
            year = number(text, 6, 10);
        } else if (text.charAt(4) == '-' && text.charAt(7) == '-' && (separator == ' ' || separator == 'T')) {
            year = number(text, 0, 4);
            month = number(text, 5, 7);
            day = number(text, 8, 10);
        } else {
            return null;
        }
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second);
        } catch (DateTimeException impossible) {
            return null;
        }
    }

    /** The decimal number in {@code text[from, to)}, or -1 unless every character is an ASCII digit. */
    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
