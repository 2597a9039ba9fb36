package io.tillstream.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The real café exports are read from {@code ../shared/data}, never copied into the repository:
 * no data file in it holds a line of them. Tests that need a real row quote that one line in code.
 */
class SamplesStayInSharedTest {
    private static final Path SAMPLES = Path.of(System.getProperty("tillstream.samples", "../shared/data/cafe"));
    private static final List<String> DATA_FOLDERS =
            List.of("src", "grafana", "docs", "flink-conf", "postgres", "docker");

    @Test
    void noDataFileInTheRepositoryHoldsALineOfTheRealSamples() throws IOException {
        assumeTrue(Files.isDirectory(SAMPLES), "no samples at " + SAMPLES.toAbsolutePath());
        Set<String> sampleLines = new HashSet<>();
        try (Stream<Path> samples = Files.walk(SAMPLES)) {
            samples.filter(SamplesStayInSharedTest::isTillFile).forEach(file -> sampleLines.addAll(lines(file)));
        }
        assumeTrue(!sampleLines.isEmpty(), "no till files under " + SAMPLES.toAbsolutePath());

        Set<String> copied = new HashSet<>();
        for (String folder : DATA_FOLDERS) {
            if (!Files.isDirectory(Path.of(folder))) {
                continue;
            }
            try (Stream<Path> files = Files.walk(Path.of(folder))) {
                files.filter(SamplesStayInSharedTest::isDataFile).forEach(file -> {
                    if (lines(file).stream().anyMatch(sampleLines::contains)) {
                        copied.add(file.toString());
                    }
                });
            }
        }
        assertEquals(Set.of(), copied, "data files with lines of " + SAMPLES + ": read them from there instead");
    }

    private static boolean isTillFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".csv") || name.endsWith(".csv.gz"));
    }

    private static boolean isDataFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file)
                && (name.endsWith(".csv")
                        || name.endsWith(".csv.gz")
                        || name.endsWith(".tsv")
                        || name.endsWith(".txt"));
    }

    /** The file's non-blank lines, line endings dropped, gzip undone. */
    private static Set<String> lines(Path file) {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            Set<String> lines = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n|\r")) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
