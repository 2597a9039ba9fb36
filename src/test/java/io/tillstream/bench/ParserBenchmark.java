package io.tillstream.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.tillstream.local.GeneratedFile;
import io.tillstream.local.SalesGenerator;
import io.tillstream.parse.Keys;
import io.tillstream.parse.ParseOutcome;
import io.tillstream.parse.ReceiptParser;
import io.tillstream.source.SourceLine;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * How many till lines one {@link ReceiptParser} turns into receipts per second, for each layout,
 * and how much of that is the sale id's HMAC. One operation is one line, so the scores are lines/s
 * for a single parser instance (one Flink subtask's worth of parsing).
 *
 * <p>Run it with {@code java -cp <test classpath> org.openjdk.jmh.Main ParserBenchmark}, or through
 * {@link #run()}, which returns the figures. The whole run takes about 35 seconds.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
// given here, not inherited from the launching JVM, so that org.openjdk.jmh.Main and run() measure
// the same thing; the parser needs none of Flink's --add-opens
@Fork(
        value = 1,
        jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
public class ParserBenchmark {
    static final String SECRET = "bench-secret-0123456789";
    static final ZoneId ZONE = ZoneId.of("Europe/London");
    static final long SEED = 20210323L;
    /** 5 branches x 4 days x 200 receipts: 4,000 lines, enough variety that branch prediction cannot learn them. */
    static final SalesGenerator.Spec SPEC =
            SalesGenerator.Spec.defaults().withReceiptsPerFile(200).withGzipFraction(0);

    private static final String BUCKET = "s3://till-drops/in/";

    /** Generated till lines of one layout, and the parser that reads them. */
    @State(Scope.Thread)
    public static class Lines {
        @Param({"current", "legacy"})
        public String layout;

        SourceLine[] lines;
        ReceiptParser parser;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            double legacyFraction =
                    switch (layout) {
                        case "current" -> 0.0;
                        case "legacy" -> 1.0;
                        default -> throw new IllegalArgumentException("unknown layout " + layout);
                    };
            lines = tillLines(new SalesGenerator(SEED)
                    .generate(SPEC.withLegacyFraction(legacyFraction))
                    .files());
            parser = new ReceiptParser(new Keys(SECRET), ZONE);
            // measure the path real files take: every generated line is a valid sale
            for (SourceLine line : lines) {
                ParseOutcome outcome = parser.parse(line);
                if (!(outcome instanceof ParseOutcome.Parsed)) {
                    throw new IllegalStateException(
                            "generated line " + line.file() + ":" + line.lineNumber() + " did not parse: " + outcome);
                }
            }
            next = 0;
        }
    }

    /** A row in the shape {@link ReceiptParser} hashes into a sale id (see its {@code canonical}). */
    @State(Scope.Thread)
    public static class Hmac {
        Keys keys;
        String canonical;

        @Setup(Level.Trial)
        public void setUp() {
            keys = new Keys(SECRET);
            canonical = String.join(
                    "\n",
                    "2021-03-23T08:14",
                    "london brixton",
                    "Ada Lovelace",
                    Keys.productId("Flavoured iced latte", "Regular", "Hazelnut") + "=2.75;"
                            + Keys.productId("Flat white", "Large", "") + "=2.45;",
                    "5.20",
                    "CARD",
                    "6011000000008866");
        }
    }

    /** Parses the next line, cycling through the generated ones. */
    @Benchmark
    public ParseOutcome parse(Lines state) {
        SourceLine line = state.lines[state.next];
        state.next = state.next + 1 == state.lines.length ? 0 : state.next + 1;
        return state.parser.parse(line);
    }

    /** Only the sale id's HMAC-SHA256 (and its UUID formatting), which every parsed line pays once. */
    @Benchmark
    public String saleId(Hmac state) {
        return state.keys.saleId(state.canonical);
    }

    /** The non-blank lines of the files, as the source would hand them to the parser. */
    static SourceLine[] tillLines(List<GeneratedFile> files) {
        List<SourceLine> lines = new ArrayList<>();
        for (GeneratedFile file : files) {
            if (file.gzipped()) {
                throw new IllegalArgumentException("expected plain files, got " + file.name());
            }
            String[] texts = new String(file.content(), UTF_8).split("\n", -1);
            for (int i = 0; i < texts.length; i++) {
                if (!texts[i].isBlank()) {
                    lines.add(new SourceLine(BUCKET + file.name(), i + 1, texts[i]));
                }
            }
        }
        return lines.toArray(SourceLine[]::new);
    }

    /**
     * Runs the benchmark in a forked JVM, printing JMH's usual progress, and returns lines/s (HMACs/s
     * for the last) as {@code {"parse current": ..., "parse legacy": ..., "saleId hmac": ...}}.
     *
     * @throws RunnerException if the benchmark could not run or failed
     */
    public static Map<String, Double> run() throws RunnerException {
        return run(VerboseMode.NORMAL);
    }

    /** {@link #run()} with another verbosity, e.g. {@link VerboseMode#SILENT} when only the figures matter. */
    public static Map<String, Double> run(VerboseMode verbosity) throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                        .include("^" + Pattern.quote(ParserBenchmark.class.getName()) + "\\.")
                        .shouldFailOnError(true)
                        .verbosity(verbosity)
                        .build())
                .run();
        Map<String, Double> figures = new LinkedHashMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String name =
                    switch (method) {
                        case "parse" -> "parse " + result.getParams().getParam("layout");
                        case "saleId" -> "saleId hmac";
                        default -> method;
                    };
            figures.put(name, result.getPrimaryResult().getScore());
        }
        for (String expected : List.of("parse current", "parse legacy", "saleId hmac")) {
            if (!figures.containsKey(expected)) {
                throw new RunnerException("the benchmark gave no figure for " + expected + ": " + figures);
            }
        }
        return figures;
    }
}
