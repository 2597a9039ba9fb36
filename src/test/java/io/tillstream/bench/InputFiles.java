package io.tillstream.bench;

import io.tillstream.local.GeneratedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Any folder of till files as the benchmark's data set, optionally replicated with shifted dates so
 * that a few real exports become a backlog of a million items. Copy k moves every sale date, and
 * the date in its file name, k × {@link #WEEKS_PER_COPY} weeks later: whole weeks keep each
 * weekday's trade on its weekday, and the shifted rows are new sales (the sale id covers the
 * timestamp). Everything else of a file stays as it was: layout, quirks, line endings, gzip.
 */
final class InputFiles {
    static final int WEEKS_PER_COPY = 1;

    /** {@code 23/03/2021 09:00} (also unpadded, as spreadsheets write it) and legacy {@code 2021-02-23 09:00:48}. */
    private static final Pattern CURRENT_DATE = Pattern.compile("^(\\d{1,2})/(\\d{1,2})/(\\d{4})(?= )");

    private static final Pattern LEGACY_DATE = Pattern.compile("^(\\d{4})-(\\d{1,2})-(\\d{1,2})(?= )");
    /** {@code leeds_23-03-2021_09-00-00.csv} and legacy {@code 2021-02-23-isle-of-wight.csv}. */
    private static final Pattern CURRENT_NAME =
            Pattern.compile("_(\\d{2})-(\\d{2})-(\\d{4})_(?=\\d{2}-\\d{2}-\\d{2}\\.csv)");

    private static final Pattern LEGACY_NAME = Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})-");

    private InputFiles() {}

    /** Every {@code .csv} and {@code .csv.gz} under {@code dir}, named by their path relative to it. */
    static List<GeneratedFile> read(Path dir) throws IOException {
        List<GeneratedFile> files = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".csv.gz"))
                    .sorted()
                    .toList()) {
                files.add(new GeneratedFile(
                        dir.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path)));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .csv or .csv.gz files under " + dir);
        }
        return files;
    }

    /** {@code copies} copies of the files, each in its own folder {@code copy-K/}; copy 0 is unshifted. */
    static List<GeneratedFile> replicate(List<GeneratedFile> files, int copies) {
        if (copies == 1) {
            return files;
        }
        List<GeneratedFile> out = new ArrayList<>();
        for (int k = 0; k < copies; k++) {
            long days = 7L * WEEKS_PER_COPY * k;
            for (GeneratedFile file : files) {
                out.add(shifted(file, days, String.format("copy-%03d/", k)));
            }
        }
        return out;
    }

    static GeneratedFile shifted(GeneratedFile file, long days, String folder) {
        int slash = file.name().lastIndexOf('/');
        String dirs = file.name().substring(0, slash + 1);
        String name = file.name().substring(slash + 1);
        name = shiftAll(CURRENT_NAME, name, days, false, "_%02d-%02d-%04d_");
        name = shiftAll(LEGACY_NAME, name, days, true, "%04d-%02d-%02d-");
        String text = text(file);
        StringBuilder shifted = new StringBuilder(text.length());
        for (String line : text.split("\n", -1)) {
            shifted.append(shiftLine(line, days)).append('\n');
        }
        shifted.setLength(shifted.length() - 1); // split's last element had no newline after it
        byte[] bytes = shifted.toString().getBytes(StandardCharsets.UTF_8);
        return new GeneratedFile(folder + dirs + name, file.gzipped() ? gzip(bytes) : bytes);
    }

    private static String shiftLine(String line, long days) {
        Matcher current = CURRENT_DATE.matcher(line);
        if (current.find()) {
            LocalDate date =
                    date(current.group(3), current.group(2), current.group(1)).plusDays(days);
            // keep the padding the till (or the spreadsheet) used
            String day = pad(date.getDayOfMonth(), current.group(1).length());
            String month = pad(date.getMonthValue(), current.group(2).length());
            return day + "/" + month + "/" + date.getYear() + line.substring(current.end());
        }
        Matcher legacy = LEGACY_DATE.matcher(line);
        if (legacy.find()) {
            LocalDate date =
                    date(legacy.group(1), legacy.group(2), legacy.group(3)).plusDays(days);
            return date.getYear() + "-"
                    + pad(date.getMonthValue(), legacy.group(2).length()) + "-"
                    + pad(date.getDayOfMonth(), legacy.group(3).length()) + line.substring(legacy.end());
        }
        return line;
    }

    private static String shiftAll(Pattern pattern, String name, long days, boolean yearFirst, String format) {
        Matcher m = pattern.matcher(name);
        if (!m.find()) {
            return name;
        }
        LocalDate date = yearFirst
                ? date(m.group(1), m.group(2), m.group(3)).plusDays(days)
                : date(m.group(3), m.group(2), m.group(1)).plusDays(days);
        String replacement = yearFirst
                ? String.format(format, date.getYear(), date.getMonthValue(), date.getDayOfMonth())
                : String.format(format, date.getDayOfMonth(), date.getMonthValue(), date.getYear());
        return name.substring(0, m.start()) + replacement + name.substring(m.end());
    }

    private static LocalDate date(String year, String month, String day) {
        return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
    }

    private static String pad(int value, int width) {
        return width >= 2 ? String.format("%02d", value) : Integer.toString(value);
    }

    static String text(GeneratedFile file) {
        return NormalisedRows.text(file);
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
