package io.tillstream.parse;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The branch a file's name claims, for the two naming conventions of the tills: {@code
 * london_brixton_23-03-2021_08-00-00.csv} and the legacy {@code 2021-02-23-isle-of-wight.csv}
 * (either possibly {@code .gz}). Names following neither convention claim nothing.
 */
final class TillFileName {
    private static final Pattern CURRENT =
            Pattern.compile("(?i)(.+)_\\d{2}-\\d{2}-\\d{4}_\\d{2}-\\d{2}-\\d{2}\\.csv(\\.gz)?");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern LEGACY = Pattern.compile("(?i)\\d{4}-\\d{2}-\\d{2}-(.+)\\.csv(\\.gz)?");

    private TillFileName() {}

    static Optional<String> branch(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        for (Pattern convention : new Pattern[] {CURRENT, LEGACY}) {
            Matcher m = convention.matcher(name);
            if (m.matches()) {
                return Optional.of(comparable(m.group(1)));
            }
        }
        return Optional.empty();
    }

    /** {@code london_brixton}, {@code London Brixton} and {@code london-brixton} compare equal. */
    static String comparable(String branch) {
        return branch.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}]+", " ")
                .trim();
    }
}
