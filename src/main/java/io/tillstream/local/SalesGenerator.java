package io.tillstream.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

/**
 * Makes synthetic till files in both real layouts, with their quirks, and the truth about what they
 * contain. Each file is one branch's trading day, 08:00 to 17:00; a branch's files are on
 * consecutive days.
 */
public final class SalesGenerator {
    private static final LocalTime OPENING = LocalTime.of(8, 0);
    private static final int TRADING_SECONDS = 9 * 60 * 60;

    /**
     * @param legacyFraction share of the files written in the legacy layout, 0 to 1
     * @param gzipFraction share of the files gzipped (named {@code .gz}), 0 to 1
     */
    public record Spec(
            int branches,
            int filesPerBranch,
            int receiptsPerFile,
            LocalDate firstDate,
            double legacyFraction,
            double gzipFraction) {

        public Spec {
            if (branches < 1 || filesPerBranch < 1 || receiptsPerFile < 1) {
                throw new IllegalArgumentException("branches, files per branch and receipts per file must be positive");
            }
            Objects.requireNonNull(firstDate, "firstDate");
            if (!(legacyFraction >= 0 && legacyFraction <= 1 && gzipFraction >= 0 && gzipFraction <= 1)) {
                throw new IllegalArgumentException("fractions must be between 0 and 1");
            }
        }

        /** 5 branches, 4 days each, 40 receipts a day from 23 March 2021, a quarter of the files legacy. */
        public static Spec defaults() {
            return new Spec(5, 4, 40, LocalDate.of(2021, 3, 23), 0.25, 0);
        }

        public Spec withBranches(int value) {
            return new Spec(value, filesPerBranch, receiptsPerFile, firstDate, legacyFraction, gzipFraction);
        }

        public Spec withFilesPerBranch(int value) {
            return new Spec(branches, value, receiptsPerFile, firstDate, legacyFraction, gzipFraction);
        }

        public Spec withReceiptsPerFile(int value) {
            return new Spec(branches, filesPerBranch, value, firstDate, legacyFraction, gzipFraction);
        }

        public Spec withFirstDate(LocalDate value) {
            return new Spec(branches, filesPerBranch, receiptsPerFile, value, legacyFraction, gzipFraction);
        }

        public Spec withLegacyFraction(double value) {
            return new Spec(branches, filesPerBranch, receiptsPerFile, firstDate, value, gzipFraction);
        }

        public Spec withGzipFraction(double value) {
            return new Spec(branches, filesPerBranch, receiptsPerFile, firstDate, legacyFraction, value);
        }
    }

    private final long seed;

    public SalesGenerator(long seed) {
        this.seed = seed;
    }

    /** A pure function of the seed and the spec: the same pair always gives byte-identical files. */
    public GeneratedDataset generate(Spec spec) {
        Random random = new Random(seed);
        List<String> branches = Names.branches(spec.branches());
        int fileCount = spec.branches() * spec.filesPerBranch();
        Set<Integer> legacy = choose(random, fileCount, spec.legacyFraction());
        Set<Integer> gzipped = choose(random, fileCount, spec.gzipFraction());
        SalesTruth.Builder truth = new SalesTruth.Builder();
        List<GeneratedFile> files = new ArrayList<>(fileCount);
        // one for all files: a branch's regulars come back on other days
        RandomSales sales = new RandomSales(random);
        for (int file = 0; file < fileCount; file++) {
            String branch = branches.get(file / spec.filesPerBranch());
            LocalDate day = spec.firstDate().plusDays(file % spec.filesPerBranch());
            TillLayout layout = legacy.contains(file) ? TillLayout.LEGACY : TillLayout.CURRENT;
            StringBuilder text = new StringBuilder();
            for (LocalDateTime time : saleTimes(random, day, spec.receiptsPerFile())) {
                Sale sale = sales.next(time, branch, layout);
                truth.add(sale);
                text.append(layout.line(sale)).append('\n');
            }
            text.append(' '); // the real tills end every file with a line of one space
            String name = layout.fileName(branch, day, OPENING);
            byte[] content = text.toString().getBytes(UTF_8);
            files.add(
                    gzipped.contains(file)
                            ? new GeneratedFile(name + ".gz", gzip(content))
                            : new GeneratedFile(name, content));
        }
        return new GeneratedDataset(files, truth.build());
    }

    /** Exactly {@code round(fraction * count)} of the indexes below {@code count}, spread at random. */
    private static Set<Integer> choose(Random random, int count, double fraction) {
        List<Integer> indexes = IntStream.range(0, count).boxed().collect(Collectors.toList());
        Collections.shuffle(indexes, random);
        return Set.copyOf(indexes.subList(0, (int) Math.round(fraction * count)));
    }

    private static List<LocalDateTime> saleTimes(Random random, LocalDate day, int count) {
        LocalDateTime opening = day.atTime(OPENING);
        return random.ints(count, 0, TRADING_SECONDS)
                .sorted()
                .mapToObj(opening::plusSeconds)
                .toList();
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen writing to memory", e);
        }
        return bytes.toByteArray();
    }
}
