package io.tillstream.source;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a till file's name claims, for the two naming conventions of the tills: {@code
 * london_brixton_23-03-2021_08-00-00.csv} and the legacy {@code 2021-02-23-isle-of-wight.csv}
 * (either possibly {@code .gz}). Names following neither convention claim nothing.
 */
public final class TillFileName {
    private static final Pattern CURRENT =
            Pattern.compile("(?i)(.+)_(\\d{2}-\\d{2}-\\d{4}_\\d{2}-\\d{2}-\\d{2})\\.csv(\\.gz)?");
    private static final Pattern LEGACY = Pattern.compile("(?i)(\\d{4}-\\d{2}-\\d{2})-(.+)\\.csv(\\.gz)?");
    private static final DateTimeFormatter CURRENT_PERIOD =
            DateTimeFormatter.ofPattern("dd-MM-uuuu_HH-mm-ss").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter LEGACY_PERIOD =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private TillFileName() {}

    /** The branch the name claims, in {@link #comparable} form. */
    public static Optional<String> branch(String path) {
        String name = name(path);
        Matcher current = CURRENT.matcher(name);
        if (current.matches()) {
            return Optional.of(comparable(current.group(1)));
        }
        Matcher legacy = LEGACY.matcher(name);
        return legacy.matches() ? Optional.of(comparable(legacy.group(2))) : Optional.empty();
    }

    /** When the period the file covers starts (local till time), if the name says so and is a real date. */
    public static Optional<LocalDateTime> periodStart(String path) {
        String name = name(path);
        try {
            Matcher current = CURRENT.matcher(name);
            if (current.matches()) {
                return Optional.of(LocalDateTime.parse(current.group(2), CURRENT_PERIOD));
            }
            Matcher legacy = LEGACY.matcher(name);
            if (legacy.matches()) {
                return Optional.of(
                        LocalDate.parse(legacy.group(1), LEGACY_PERIOD).atStartOfDay());
            }
        } catch (DateTimeParseException notADate) {
            // a name like 31-02-2021 claims no period
        }
        return Optional.empty();
    }

    /** {@code london_brixton}, {@code London Brixton} and {@code london-brixton} compare equal. */
    public static String comparable(String branch) {
        return SEPARATORS
                .matcher(branch.toLowerCase(Locale.ROOT))
                .replaceAll(" ")
                .trim();
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
