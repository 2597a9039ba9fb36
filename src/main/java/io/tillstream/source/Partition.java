package io.tillstream.source;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The bucket's date partitions: {@code <prefix>/YYYY/MM/DD/}, named after the day (UTC) the files
 * in them were uploaded. Old partitions need not be listed once every file in them is older than
 * the tolerance, which keeps a listing's cost flat however many days the bucket holds. Any other
 * folder under the prefix is not a partition and is always listed.
 */
final class Partition {
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern MONTH_OR_DAY = Pattern.compile("\\d{2}");
    private static final DateTimeFormatter FOLDERS = DateTimeFormatter.ofPattern("uuuu/MM/dd");
    /** An uploader's clock or time zone may put a file into the day before its upload time's UTC day. */
    private static final int SLACK_DAYS = 1;

    private Partition() {}

    /** The partition folders for files uploaded at {@code uploaded}, e.g. {@code 2021/03/23}. */
    static String of(Instant uploaded) {
        return FOLDERS.format(uploaded.atOffset(ZoneOffset.UTC));
    }

    /**
     * Whether a folder must be listed when only uploads from {@code listFrom} (epoch millis) on
     * matter.
     *
     * @param folders the folder's path below the prefix, e.g. {@code [2021, 03]}
     */
    static boolean needsListing(List<String> folders, long listFrom) {
        if (listFrom == Long.MIN_VALUE) {
            return true;
        }
        LocalDate oldest = Instant.ofEpochMilli(listFrom)
                .atOffset(ZoneOffset.UTC)
                .toLocalDate()
                .minusDays(SLACK_DAYS);
        try {
            return switch (folders.size()) {
                case 1 -> !isYear(folders.get(0)) || year(folders) >= oldest.getYear();
                case 2 ->
                    !isYear(folders.get(0))
                            || !isMonthOrDay(folders.get(1))
                            || !YearMonth.of(year(folders), Integer.parseInt(folders.get(1)))
                                    .isBefore(YearMonth.from(oldest));
                case 3 ->
                    !isYear(folders.get(0))
                            || !isMonthOrDay(folders.get(1))
                            || !isMonthOrDay(folders.get(2))
                            || !LocalDate.of(
                                            year(folders),
                                            Integer.parseInt(folders.get(1)),
                                            Integer.parseInt(folders.get(2)))
                                    .isBefore(oldest);
                default -> true;
            };
        } catch (DateTimeException notADate) {
            return true;
        }
    }

    private static boolean isYear(String folder) {
        return YEAR.matcher(folder).matches();
    }

    private static boolean isMonthOrDay(String folder) {
        return MONTH_OR_DAY.matcher(folder).matches();
    }

    private static int year(List<String> folders) {
        return Integer.parseInt(folders.get(0));
    }
}
