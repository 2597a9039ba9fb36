package io.tillstream.local;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * One synthetic till file, as it would be dropped in the bucket.
 *
 * @param content the file's bytes, gzipped when the name ends in {@code .gz}
 */
public record GeneratedFile(String name, byte[] content) {
    private static final Pattern LEGACY_NAME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}-.*");

    public boolean gzipped() {
        return name.endsWith(".gz");
    }

    /** Legacy files are named by date first ({@code 2021-02-23-isle-of-wight.csv}). */
    public boolean legacy() {
        return LEGACY_NAME.matcher(name).matches();
    }

    // a record compares arrays by identity; files are compared by their bytes
    @Override
    public boolean equals(Object other) {
        return other instanceof GeneratedFile file && name.equals(file.name) && Arrays.equals(content, file.content);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "GeneratedFile[" + name + ", " + content.length + " bytes]";
    }
}
