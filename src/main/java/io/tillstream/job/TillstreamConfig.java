package io.tillstream.job;

import io.tillstream.parse.EventTimeBounds;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.flink.util.TimeUtils;

/**
 * The job's whole configuration, typed and validated. Values come from, in order of precedence:
 * command-line arguments ({@code --jdbc.url ...}), environment variables ({@code
 * TILLSTREAM_JDBC_URL}), a properties file ({@code --config tillstream.properties}), then the
 * defaults in {@link Setting}.
 */
public record TillstreamConfig(
        String inputPath,
        Duration monitorInterval,
        Duration lateTolerance,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String hmacSecret,
        Duration maxAge,
        Duration maxFuture,
        Duration maxPeriodSkew,
        ZoneId timeZone,
        Duration dedupeRetention,
        Duration ledgerFlushInterval,
        Duration window,
        Optional<Duration> coarseWindow,
        Duration outOfOrderness,
        Duration finalAfterIdle,
        String grafanaPassword,
        Duration checkpointInterval,
        Duration checkpointIntervalDuringBacklog,
        int parallelism,
        int maxParallelism) {

    static final String CONFIG_FILE_ARG = "config";
    static final int MIN_SECRET_LENGTH = 16;
    private static final Duration DAY = Duration.ofDays(1);

    public static TillstreamConfig fromArgs(String[] args, Map<String, String> environment) {
        Map<String, String> cli = parseArgs(args);
        Map<String, String> file = new HashMap<>();
        String configFile = cli.remove(CONFIG_FILE_ARG);
        if (configFile != null) {
            file.putAll(readProperties(Path.of(configFile)));
        }
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        List<String> problems = new ArrayList<>();
        for (Setting s : Setting.values()) {
            String value = firstNonNull(
                    cli.remove(s.key()), environment.get(s.environmentVariable()), file.get(s.key()), s.defaultValue());
            if (value == null || (s.defaultValue() == null && value.isBlank())) {
                problems.add(s.key() + " is required (--" + s.key() + " or " + s.environmentVariable() + "): "
                        + s.description());
            } else {
                raw.put(s, value.trim());
            }
        }
        cli.keySet()
                .forEach(unknown -> problems.add("unknown setting --" + unknown + "; known: "
                        + java.util.Arrays.stream(Setting.values())
                                .map(Setting::key)
                                .collect(Collectors.joining(", "))));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return fromValues(raw);
    }

    /** Builds and validates a configuration from explicit values; unset settings take their defaults. */
    public static TillstreamConfig of(Map<Setting, String> values) {
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String value = values.getOrDefault(s, s.defaultValue());
            if (value == null) {
                throw new ConfigException(List.of(s.key() + " is required: " + s.description()));
            }
            raw.put(s, value);
        }
        return fromValues(raw);
    }

    private static TillstreamConfig fromValues(Map<Setting, String> raw) {
        Parser p = new Parser(raw);
        TillstreamConfig config = new TillstreamConfig(
                p.inputPath(),
                p.positiveDuration(Setting.MONITOR_INTERVAL),
                p.positiveDuration(Setting.LATE_TOLERANCE),
                p.jdbcUrl(),
                raw.get(Setting.JDBC_USER),
                raw.get(Setting.JDBC_PASSWORD),
                p.secret(),
                p.positiveDuration(Setting.MAX_AGE),
                p.positiveDuration(Setting.MAX_FUTURE),
                p.positiveDuration(Setting.MAX_PERIOD_SKEW),
                p.zone(),
                p.positiveDuration(Setting.DEDUPE_RETENTION),
                p.positiveDuration(Setting.LEDGER_FLUSH_INTERVAL),
                p.positiveDuration(Setting.WINDOW),
                p.optionalDuration(Setting.COARSE_WINDOW),
                p.duration(Setting.OUT_OF_ORDERNESS),
                p.positiveDuration(Setting.FINAL_AFTER_IDLE),
                raw.get(Setting.GRAFANA_PASSWORD),
                p.positiveDuration(Setting.CHECKPOINT_INTERVAL),
                // raising checkpoint.interval alone must not make a backlog checkpoint more often than live
                max(
                        p.positiveDuration(Setting.CHECKPOINT_INTERVAL),
                        p.positiveDuration(Setting.CHECKPOINT_INTERVAL_DURING_BACKLOG)),
                p.positiveInt(Setting.PARALLELISM),
                p.positiveInt(Setting.MAX_PARALLELISM));
        if (p.problems.isEmpty()) {
            p.problems.addAll(config.relationProblems());
        }
        if (!p.problems.isEmpty()) {
            throw new ConfigException(p.problems);
        }
        return config;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public EventTimeBounds eventTimeBounds() {
        return new EventTimeBounds(maxAge, maxFuture, maxPeriodSkew, Clock.systemUTC());
    }

    /** The window sizes in use, the finest first. */
    public List<Duration> windowSizes() {
        return coarseWindow.map(coarse -> List.of(window, coarse)).orElse(List.of(window));
    }

    /** Windows line up with days and with each other only if their size divides a day in whole minutes. */
    private static void checkWindowSize(Setting setting, Duration size, List<String> problems) {
        if (size.toMillis() % Duration.ofMinutes(1).toMillis() != 0 || DAY.toMillis() % size.toMillis() != 0) {
            problems.add(setting.key() + " " + size + " must be a whole number of minutes that divides a day"
                    + " (windows line up with days and with each other)");
        }
    }

    /** Settings that are each fine alone but must fit together; every violation, not the first. */
    private List<String> relationProblems() {
        List<String> problems = new ArrayList<>();
        checkWindowSize(Setting.WINDOW, window, problems);
        coarseWindow.ifPresent(coarse -> checkWindowSize(Setting.COARSE_WINDOW, coarse, problems));
        coarseWindow.ifPresent(coarse -> {
            if (coarse.compareTo(window) <= 0 || coarse.toMillis() % window.toMillis() != 0) {
                problems.add("aggregate.coarse-window " + coarse + " must be a multiple of aggregate.window " + window
                        + " (each coarse window is made of whole fine ones)");
            }
        });
        Duration quietAtLeast = checkpointInterval.plus(monitorInterval);
        if (finalAfterIdle.compareTo(quietAtLeast) < 0) {
            problems.add("aggregate.final-after-idle " + finalAfterIdle
                    + " must be at least checkpoint.interval + input.monitor-interval (" + quietAtLeast
                    + "): a branch would be called quiet between two files of one upload");
        }
        if (dedupeRetention.compareTo(finalAfterIdle) < 0) {
            problems.add("dedupe.retention " + dedupeRetention + " must be at least aggregate.final-after-idle "
                    + finalAfterIdle + ": a file sent twice while its windows are open must be caught by state");
        }
        if (parallelism > maxParallelism) {
            problems.add("parallelism " + parallelism + " exceeds max-parallelism " + maxParallelism);
        }
        return problems;
    }

    /** Never print the secrets. */
    @Override
    public String toString() {
        return "TillstreamConfig[input.path=" + inputPath + ", jdbc.url=" + jdbcUrl + ", jdbc.user=" + jdbcUser
                + ", time-zone=" + timeZone + ", checkpoint.interval=" + checkpointInterval + ", parallelism="
                + parallelism + "]";
    }

    private static Map<String, String> parseArgs(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException(List.of("expected --<setting> <value>, got '" + arg + "'"));
            }
            String key = arg.substring(2);
            int eq = key.indexOf('=');
            if (eq >= 0) {
                values.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (i + 1 < args.length) {
                values.put(key, args[++i]);
            } else {
                throw new ConfigException(List.of("--" + key + " has no value"));
            }
        }
        return values;
    }

    private static Map<String, String> readProperties(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException(List.of("cannot read config file " + path + ": " + e.getMessage()));
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
        return values;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... candidates) {
        for (T candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    /** Collects every problem rather than stopping at the first, so one start shows them all. */
    private static final class Parser {
        final Map<Setting, String> raw;
        final List<String> problems = new ArrayList<>();

        Parser(Map<Setting, String> raw) {
            this.raw = raw;
        }

        String inputPath() {
            String path = raw.get(Setting.INPUT_PATH);
            if (!path.matches("(s3a?|file)://.+")) {
                problems.add("input.path must be an s3://, s3a:// or file:// URI, got '" + path + "'");
            }
            return path.endsWith("/") ? path : path + "/";
        }

        String jdbcUrl() {
            String url = raw.get(Setting.JDBC_URL);
            if (!url.startsWith("jdbc:postgresql://")) {
                problems.add("jdbc.url must start with jdbc:postgresql://, got '" + url + "'");
            }
            return url;
        }

        String secret() {
            String secret = raw.get(Setting.HMAC_SECRET);
            if (secret.length() < MIN_SECRET_LENGTH) {
                problems.add(
                        "hmac.secret must be at least " + MIN_SECRET_LENGTH + " characters, got " + secret.length());
            }
            return secret;
        }

        ZoneId zone() {
            try {
                return ZoneId.of(raw.get(Setting.TIME_ZONE));
            } catch (DateTimeException e) {
                problems.add("time-zone '" + raw.get(Setting.TIME_ZONE) + "' is not a known zone (e.g. Europe/London)");
                return ZoneId.of(Setting.TIME_ZONE.defaultValue());
            }
        }

        Duration duration(Setting s) {
            try {
                return TimeUtils.parseDuration(raw.get(s));
            } catch (IllegalArgumentException e) {
                problems.add(s.key() + " '" + raw.get(s) + "' is not a duration (e.g. 10s, 5min, 7d)");
                return Duration.ZERO;
            }
        }

        Duration positiveDuration(Setting s) {
            Duration d = duration(s);
            if (d.isNegative() || (d.isZero() && problems.stream().noneMatch(m -> m.startsWith(s.key())))) {
                problems.add(s.key() + " must be positive, got '" + raw.get(s) + "'");
            }
            return d;
        }

        /** {@code off} (or empty) for none. */
        Optional<Duration> optionalDuration(Setting s) {
            String value = raw.get(s);
            return value.isEmpty() || value.equalsIgnoreCase("off")
                    ? Optional.empty()
                    : Optional.of(positiveDuration(s));
        }

        int positiveInt(Setting s) {
            try {
                int value = Integer.parseInt(raw.get(s));
                if (value < 1) {
                    problems.add(s.key() + " must be at least 1, got " + value);
                }
                return value;
            } catch (NumberFormatException e) {
                problems.add(s.key() + " '" + raw.get(s) + "' is not a whole number");
                return 1;
            }
        }
    }
}
