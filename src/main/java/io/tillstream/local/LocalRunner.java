package io.tillstream.local;

import io.tillstream.job.Setting;
import io.tillstream.job.TillstreamConfig;
import io.tillstream.job.TillstreamJob;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;

/**
 * The quick start: the whole pipeline on real parts in one JVM (plus S3Proxy's), with nothing but
 * a JDK and Maven. An S3 server, a PostgreSQL server and a Flink MiniCluster with its web UI; the
 * sample files are uploaded, the job runs continuously, and files dropped into the inbox folder
 * are uploaded while it runs. Ctrl-C stops everything.
 */
public final class LocalRunner {
    /** The dev-only secret: sale ids and customer keys made with it must never reach production. */
    static final String DEVELOPMENT_SECRET = "tillstream-local-development-secret-NOT-FOR-PRODUCTION";

    static final String BUCKET = "tills";
    static final String PREFIX = "s3://" + BUCKET + "/in/";
    static final Path WORK_DIR = Path.of("local-run");
    /** The quick start's password for the SELECT-only role Grafana connects as. */
    static final String GRAFANA_PASSWORD = "grafana-local";

    private static final PrintStream OUT = System.out;
    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    private LocalRunner() {}

    private record Options(int s3Port, int postgresPort, int uiPort, Path samples) {
        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                values.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
            return new Options(
                    Integer.parseInt(values.getOrDefault("s3-port", "9090")),
                    Integer.parseInt(values.getOrDefault("postgres-port", "55432")),
                    Integer.parseInt(values.getOrDefault("ui-port", "8081")),
                    Path.of(values.getOrDefault("samples", "../shared/data/cafe")));
        }
    }

    /**
     * Both servers wait until something answers on their port, so a server left running there (a
     * quick start still running, or any PostgreSQL) would be taken for ours: its data, not ours.
     * Only a listener counts: the connections of a quick start stopped a moment ago wait out their
     * close on its ports for a minute, and the servers bind over them.
     */
    static void requireFree(int port, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is in use (is another quick start still running?):"
                    + " stop what holds it, or pass --" + option + " with a free port");
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path s3Dir = WORK_DIR.resolve("s3");
        FileUtils.deleteDirectoryQuietly(s3Dir.toFile());
        Files.createDirectories(s3Dir);

        requireFree(options.s3Port(), "s3-port");
        requireFree(options.postgresPort(), "postgres-port");
        OUT.println("Starting Tillstream locally (S3Proxy, PostgreSQL, Flink MiniCluster)...");
        S3ProxyServer s3 = S3ProxyServer.start(s3Dir, options.s3Port(), BUCKET);
        EmbeddedWarehouse warehouse = EmbeddedWarehouse.start(options.postgresPort());
        Path checkpoints = WORK_DIR.resolve("checkpoints").toAbsolutePath();
        FileUtils.deleteDirectoryQuietly(checkpoints.toFile());
        Configuration flink = LocalFlink.configuration(s3.endpoint(), options.uiPort(), checkpoints);
        flink.setString("metrics.fetcher.update-interval", "1s");
        LocalFlink.initialiseFileSystems(flink);

        TillstreamConfig config = jobConfig(warehouse);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        TillstreamJob.prepare(env, config);
        long submitted = System.nanoTime();
        JobClient job = env.executeAsync(TillstreamJob.JOB_NAME);

        long lines = uploadSamples(options.samples());
        ScheduledExecutorService background = Executors.newScheduledThreadPool(2);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(job, background, warehouse, s3)));

        Path inbox = WORK_DIR.resolve("inbox").toAbsolutePath();
        printHowToConnect(warehouse, s3, options, inbox);
        background.scheduleWithFixedDelay(
                new InboxUploader(inbox, PREFIX + "inbox/", OUT::println), 1, 1, TimeUnit.SECONDS);
        background.scheduleWithFixedDelay(
                new ProgressReporter(
                        warehouse.dataSource(),
                        lines,
                        submitted,
                        Math.toIntExact(config.window().toMinutes()),
                        config.timeZone().getId(),
                        OUT::println),
                2,
                5,
                TimeUnit.SECONDS);
        try {
            job.getJobExecutionResult().get();
        } catch (ExecutionException e) {
            if (!STOPPING.get()) {
                throw e;
            }
        }
    }

    private static TillstreamConfig jobConfig(EmbeddedWarehouse warehouse) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        values.put(Setting.INPUT_PATH, PREFIX);
        values.put(Setting.MONITOR_INTERVAL, "1s");
        values.put(Setting.JDBC_URL, warehouse.jdbcUrl());
        values.put(Setting.JDBC_USER, EmbeddedWarehouse.USER);
        values.put(Setting.JDBC_PASSWORD, EmbeddedWarehouse.PASSWORD);
        values.put(Setting.HMAC_SECRET, DEVELOPMENT_SECRET);
        values.put(Setting.CHECKPOINT_INTERVAL, "2s");
        values.put(Setting.PARALLELISM, "2");
        values.put(Setting.GRAFANA_PASSWORD, GRAFANA_PASSWORD);
        // a branch whose files are all read has its windows marked final after seconds, not an hour
        values.put(Setting.FINAL_AFTER_IDLE, "10s");
        return TillstreamConfig.of(values);
    }

    /** Uploads the shared sample files, or generated ones without them; returns their non-blank lines. */
    private static long uploadSamples(Path samples) throws IOException {
        long lines = 0;
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(samples)) {
            try (Stream<Path> found = Files.walk(samples)) {
                found.filter(p -> p.getFileName().toString().endsWith(".csv"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        if (files.isEmpty()) {
            OUT.println("No sample files at " + samples + ": uploading generated ones instead.");
            GeneratedDataset data = new SalesGenerator(42)
                    .generate(SalesGenerator.Spec.defaults()
                            .withBranches(8)
                            .withFilesPerBranch(3)
                            .withReceiptsPerFile(150)
                            .withFirstDate(LocalDate.of(2021, 3, 22)));
            for (GeneratedFile file : data.files()) {
                S3Uploads.put(PREFIX + "generated/" + file.name(), file.content());
                lines += nonBlankLines(file.content());
            }
            OUT.printf("Uploaded %d generated files (%,d lines)%n", data.files().size(), lines);
            return lines;
        }
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            S3Uploads.put(
                    PREFIX + "samples/" + samples.relativize(file).toString().replace('\\', '/'), content);
            lines += nonBlankLines(content);
        }
        OUT.printf("Uploaded %d sample files from %s (%,d lines)%n", files.size(), samples, lines);
        return lines;
    }

    private static long nonBlankLines(byte[] content) {
        return new String(content, StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !line.isBlank())
                .count();
    }

    private static void printHowToConnect(EmbeddedWarehouse warehouse, S3ProxyServer s3, Options options, Path inbox) {
        OUT.println();
        OUT.println("Tillstream is running. Ctrl-C stops it (all data is discarded).");
        OUT.println("  Flink web UI     http://localhost:" + options.uiPort());
        OUT.println("  Warehouse        psql postgresql://" + EmbeddedWarehouse.USER + ":" + EmbeddedWarehouse.PASSWORD
                + "@localhost:" + warehouse.port() + "/" + EmbeddedWarehouse.DATABASE);
        OUT.println("  S3 endpoint      " + s3.endpoint() + "  bucket " + BUCKET + ", watched prefix " + PREFIX
                + "  (access key " + S3ProxyServer.ACCESS_KEY + ", secret " + S3ProxyServer.SECRET_KEY + ")");
        OUT.println("  Drop a file in   " + inbox + "  and it is uploaded to " + PREFIX + "inbox/");
        OUT.println("  Flink's log      " + WORK_DIR.resolve("tillstream.log").toAbsolutePath());
        OUT.println("  Grafana          PostgreSQL datasource localhost:" + warehouse.port() + ", database "
                + EmbeddedWarehouse.DATABASE + ", user grafana_reader, password " + GRAFANA_PASSWORD
                + "; dashboard grafana/dashboards/tillstream.json");
        OUT.println();
    }

    private static void stop(
            JobClient job, ScheduledExecutorService background, EmbeddedWarehouse warehouse, S3ProxyServer s3) {
        STOPPING.set(true);
        OUT.println("Stopping Tillstream...");
        background.shutdownNow();
        try {
            job.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            OUT.println("job did not cancel cleanly: " + e.getMessage());
        }
        try {
            warehouse.close();
            s3.close();
        } catch (Exception e) {
            OUT.println("could not stop a server cleanly: " + e.getMessage());
        }
        OUT.println("Stopped.");
    }
}
