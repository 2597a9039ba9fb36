package io.tillstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TillstreamConfigTest {
    static final String SECRET = "hmac-secret-never-print-0123";
    static final String PASSWORD = "pa55word-never-print";
    static final String GRAFANA_SECRET = "grafana-secret-never-print";

    static String[] required(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--input.path", "s3://till-drops/in/",
                "--jdbc.url", "jdbc:postgresql://db:5432/tillstream",
                "--hmac.secret", SECRET));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    static ConfigException invalid(String[] args) {
        return invalid(args, Map.of());
    }

    static ConfigException invalid(String[] args, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> TillstreamConfig.fromArgs(args, env));
    }

    static void assertMentions(ConfigException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + part + "' not in: " + e.getMessage());
        }
    }

    @Test
    void defaultsApply() {
        TillstreamConfig c = TillstreamConfig.fromArgs(required(), Map.of());
        assertEquals("s3://till-drops/in/", c.inputPath());
        assertEquals("jdbc:postgresql://db:5432/tillstream", c.jdbcUrl());
        assertEquals(SECRET, c.hmacSecret());
        assertEquals(Duration.ofSeconds(10), c.monitorInterval());
        assertEquals("tillstream", c.jdbcUser());
        assertEquals("", c.jdbcPassword());
        assertEquals(ZoneId.of("Europe/London"), c.timeZone());
        assertEquals(Duration.ofDays(7), c.dedupeRetention());
        assertEquals(Duration.ofHours(1), c.outOfOrderness());
        assertEquals(Duration.ofHours(1), c.finalAfterIdle());
        assertEquals(Duration.ofDays(1), c.maxPeriodSkew());
        assertEquals(List.of(Duration.ofMinutes(15), Duration.ofHours(1)), c.windowSizes());
        assertEquals(Duration.ofSeconds(5), c.checkpointInterval());
        assertEquals(Duration.ofSeconds(30), c.checkpointIntervalDuringBacklog());
        assertEquals(1, c.parallelism());
        assertEquals(128, c.maxParallelism());
        assertEquals("", c.grafanaPassword());
    }

    @Test
    void aBacklogNeverCheckpointsMoreOftenThanLiveOperation() {
        TillstreamConfig c = TillstreamConfig.fromArgs(required("--checkpoint.interval", "1min"), Map.of());
        assertEquals(Duration.ofMinutes(1), c.checkpointIntervalDuringBacklog());
    }

    @Test
    void inputPathGetsTrailingSlash() {
        TillstreamConfig c = TillstreamConfig.fromArgs(required("--input.path", "file:///tmp/drops"), Map.of());
        assertEquals("file:///tmp/drops/", c.inputPath());
    }

    @Test
    void bothArgumentFormsAreAccepted() {
        TillstreamConfig c =
                TillstreamConfig.fromArgs(required("--parallelism=3", "--max-parallelism", "64"), Map.of());
        assertEquals(3, c.parallelism());
        assertEquals(64, c.maxParallelism());
    }

    @Test
    void environmentSuppliesSettings() {
        Map<String, String> env = Map.of(
                "TILLSTREAM_INPUT_PATH", "s3a://bucket/in",
                "TILLSTREAM_JDBC_URL", "jdbc:postgresql://env:5432/t",
                "TILLSTREAM_HMAC_SECRET", SECRET,
                "TILLSTREAM_JDBC_PASSWORD", PASSWORD,
                "TILLSTREAM_AGGREGATE_OUT_OF_ORDERNESS", "0s");
        TillstreamConfig c = TillstreamConfig.fromArgs(new String[0], env);
        assertEquals("s3a://bucket/in/", c.inputPath());
        assertEquals("jdbc:postgresql://env:5432/t", c.jdbcUrl());
        assertEquals(PASSWORD, c.jdbcPassword());
        assertEquals(Duration.ZERO, c.outOfOrderness(), "zero out-of-orderness is allowed");
    }

    @Test
    void environmentVariableNames() {
        assertEquals("TILLSTREAM_JDBC_PASSWORD", Setting.JDBC_PASSWORD.environmentVariable());
        assertEquals("TILLSTREAM_AGGREGATE_OUT_OF_ORDERNESS", Setting.OUT_OF_ORDERNESS.environmentVariable());
        assertEquals("TILLSTREAM_MAX_PARALLELISM", Setting.MAX_PARALLELISM.environmentVariable());
    }

    @Test
    void argsOverrideEnvironmentOverrideFileOverrideDefault(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tillstream.properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "input.path=s3://from-file/",
                        "jdbc.url=jdbc:postgresql://file:5432/t",
                        "hmac.secret=" + SECRET,
                        "jdbc.user=file-user",
                        "time-zone=UTC",
                        "parallelism=2",
                        "checkpoint.interval=30s"));
        Map<String, String> env = Map.of(
                "TILLSTREAM_JDBC_USER", "env-user",
                "TILLSTREAM_TIME_ZONE", "Europe/Paris",
                "TILLSTREAM_PARALLELISM", "3");
        TillstreamConfig c =
                TillstreamConfig.fromArgs(new String[] {"--config", file.toString(), "--parallelism", "4"}, env);
        assertEquals(4, c.parallelism(), "argument beats environment and file");
        assertEquals(ZoneId.of("Europe/Paris"), c.timeZone(), "environment beats file");
        assertEquals("env-user", c.jdbcUser(), "environment beats file");
        assertEquals(Duration.ofSeconds(30), c.checkpointInterval(), "file beats default");
        assertEquals("s3://from-file/", c.inputPath());
        assertEquals(SECRET, c.hmacSecret());
        assertEquals(Duration.ofSeconds(10), c.monitorInterval(), "default when nobody sets it");
    }

    @Test
    void unreadableConfigFileIsReported(@TempDir Path dir) {
        String missing = dir.resolve("nope.properties").toString();
        ConfigException e = invalid(required("--config", missing));
        assertMentions(e, "cannot read config file", "nope.properties");
    }

    @Test
    void allMissingRequiredSettingsInOneException() {
        ConfigException e = invalid(new String[0]);
        assertEquals(3, e.problems().size(), e.getMessage());
        assertMentions(
                e,
                "input.path",
                "TILLSTREAM_INPUT_PATH",
                "jdbc.url",
                "TILLSTREAM_JDBC_URL",
                "hmac.secret",
                "TILLSTREAM_HMAC_SECRET");
        assertTrue(e.problems().stream().allMatch(p -> p.contains("required")), e.getMessage());
    }

    @Test
    void blankRequiredValueCountsAsMissing() {
        Map<String, String> env = Map.of("TILLSTREAM_HMAC_SECRET", "   ");
        ConfigException e =
                invalid(new String[] {"--input.path", "s3://b/in/", "--jdbc.url", "jdbc:postgresql://db/t"}, env);
        assertEquals(1, e.problems().size(), e.getMessage());
        assertMentions(e, "hmac.secret is required");
    }

    @Test
    void badDuration() {
        ConfigException e = invalid(required("--input.monitor-interval", "soon"));
        assertMentions(e, "input.monitor-interval", "'soon'", "not a duration");
    }

    @Test
    void overflowingDurationIsAConfigProblem() {
        ConfigException e = invalid(required("--dedupe.retention", "99999999999999999999d"));
        assertMentions(e, "dedupe.retention", "not a duration");
    }

    @Test
    void zeroDurationWhereAPositiveOneIsNeeded() {
        ConfigException e = invalid(required("--checkpoint.interval", "0s"));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertMentions(e, "checkpoint.interval must be positive");
    }

    @Test
    void badZone() {
        ConfigException e = invalid(required("--time-zone", "Europe/Londn"));
        assertMentions(e, "time-zone", "'Europe/Londn'", "not a known zone");
    }

    @Test
    void shortSecretIsReportedWithoutBeingPrinted() {
        String shortSecret = "tooShort1";
        ConfigException e = invalid(required("--hmac.secret", shortSecret));
        assertMentions(e, "hmac.secret", "at least 16", "got " + shortSecret.length());
        assertFalse(e.getMessage().contains(shortSecret), e.getMessage());
    }

    @Test
    void nonPostgresUrl() {
        ConfigException e = invalid(required("--jdbc.url", "jdbc:mysql://db:3306/tillstream"));
        assertMentions(e, "jdbc.url", "jdbc:postgresql://", "jdbc:mysql://db:3306/tillstream");
    }

    @Test
    void badInputPathScheme() {
        ConfigException e = invalid(required("--input.path", "/tmp/drops"));
        assertMentions(e, "input.path", "s3://", "/tmp/drops");
    }

    @Test
    void unknownArgument() {
        ConfigException e = invalid(required("--paralelism", "4"));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertMentions(e, "unknown setting --paralelism", "parallelism");
    }

    @Test
    void argumentWithoutDashes() {
        ConfigException e = invalid(new String[] {"input.path", "s3://b/in/"});
        assertMentions(e, "expected --<setting> <value>", "input.path");
    }

    @Test
    void argumentWithoutValue() {
        ConfigException e = invalid(required("--parallelism"));
        assertMentions(e, "--parallelism has no value");
    }

    @Test
    void parallelismAboveMaxParallelism() {
        ConfigException e = invalid(required("--parallelism", "8", "--max-parallelism", "4"));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertMentions(e, "parallelism 8 exceeds max-parallelism 4");
    }

    @Test
    void settingsThatDoNotFitTogetherAreAllReportedAtOnce() {
        ConfigException e = invalid(required(
                "--aggregate.window", "7min",
                "--aggregate.coarse-window", "20min",
                "--checkpoint.interval", "1min",
                "--input.monitor-interval", "1min",
                "--aggregate.final-after-idle", "90s",
                "--dedupe.retention", "1min",
                "--parallelism", "200"));
        assertEquals(5, e.problems().size(), e.getMessage());
        assertMentions(
                e,
                "aggregate.window PT7M must be a whole number of minutes that divides a day",
                "aggregate.coarse-window PT20M must be a multiple of aggregate.window PT7M",
                "aggregate.final-after-idle PT1M30S must be at least checkpoint.interval + input.monitor-interval",
                "dedupe.retention PT1M must be at least aggregate.final-after-idle",
                "parallelism 200 exceeds max-parallelism 128");
    }

    @Test
    void secondWindowsAndACoarseWindowThatDoesNotDivideADayAreRefused() {
        ConfigException e = invalid(required("--aggregate.window", "90s", "--aggregate.coarse-window", "7h"));
        assertMentions(
                e,
                "aggregate.window PT1M30S must be a whole number of minutes",
                "aggregate.coarse-window PT7H must be a whole number of minutes that divides a day");
    }

    @Test
    void windowSizesWithoutACoarseWindow() {
        TillstreamConfig c = TillstreamConfig.fromArgs(required("--aggregate.coarse-window", "off"), Map.of());
        assertEquals(List.of(Duration.ofMinutes(15)), c.windowSizes());
    }

    @Test
    void nonNumericAndNonPositiveParallelism() {
        ConfigException e = invalid(required("--parallelism", "two", "--max-parallelism", "0"));
        assertMentions(e, "parallelism 'two' is not a whole number", "max-parallelism must be at least 1");
    }

    @Test
    void everyValueProblemIsReportedAtOnce() {
        ConfigException e = invalid(required(
                "--jdbc.url", "jdbc:mysql://db/t",
                "--time-zone", "Mars/Olympus",
                "--aggregate.final-after-idle", "whenever",
                "--hmac.secret", "short"));
        assertEquals(4, e.problems().size(), e.getMessage());
        assertMentions(e, "jdbc.url", "time-zone", "aggregate.final-after-idle", "hmac.secret");
    }

    @Test
    void missingAndUnknownAreReportedTogether() {
        ConfigException e = invalid(new String[] {"--jdbc.url", "jdbc:postgresql://db/t", "--bogus", "1"});
        assertEquals(3, e.problems().size(), e.getMessage());
        assertMentions(e, "input.path", "hmac.secret", "--bogus");
    }

    @Test
    void toStringNeverShowsSecrets() {
        TillstreamConfig c = TillstreamConfig.fromArgs(
                required("--jdbc.password", PASSWORD, "--grafana.password", GRAFANA_SECRET), Map.of());
        String text = c.toString();
        assertFalse(text.contains(SECRET), text);
        assertFalse(text.contains(PASSWORD), text);
        assertFalse(text.contains(GRAFANA_SECRET), text);
        assertTrue(text.contains("s3://till-drops/in/"), text);
    }

    @Test
    void errorsNeverShowSecrets() {
        ConfigException e = invalid(required(
                "--jdbc.password",
                PASSWORD,
                "--grafana.password",
                GRAFANA_SECRET,
                "--parallelism",
                "0",
                "--time-zone",
                "Nowhere/Atall"));
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        assertFalse(e.getMessage().contains(GRAFANA_SECRET), e.getMessage());
    }

    @Test
    void ofAppliesDefaultsAndValidates() {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        values.put(Setting.INPUT_PATH, "file:///tmp/in/");
        values.put(Setting.JDBC_URL, "jdbc:postgresql://localhost:5432/t");
        values.put(Setting.HMAC_SECRET, SECRET);
        TillstreamConfig c = TillstreamConfig.of(values);
        assertEquals(128, c.maxParallelism());
        assertEquals(ZoneId.of("Europe/London"), c.timeZone());

        Map<Setting, String> missing = new HashMap<>(values);
        missing.remove(Setting.HMAC_SECRET);
        ConfigException e = assertThrows(ConfigException.class, () -> TillstreamConfig.of(missing));
        assertMentions(e, "hmac.secret is required");

        values.put(Setting.PARALLELISM, "300");
        assertMentions(
                assertThrows(ConfigException.class, () -> TillstreamConfig.of(values)),
                "parallelism 300 exceeds max-parallelism 128");
    }
}
