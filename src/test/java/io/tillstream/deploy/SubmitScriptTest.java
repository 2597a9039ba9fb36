package io.tillstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/submit.sh, which compose runs on every {@code docker compose up}: it must never submit a
 * second copy of a running job, and otherwise resume from the newest checkpoint or savepoint. Run
 * with bash against a stand-in JobManager ({@code wget} answering {@code /jobs/overview}) and a
 * stand-in {@code flink} that records its arguments.
 */
class SubmitScriptTest {
    private static final Path SCRIPT = Path.of("docker/submit.sh");
    private static final String JOB_ARGS = "/opt/tillstream/tillstream.jar --input.path s3://till-drops/in/"
            + " --jdbc.url jdbc:postgresql://postgres:5432/tillstream --jdbc.user tillstream --parallelism 2";

    @TempDir
    Path dir;

    private record Run(int exitCode, String output, String flinkArgs) {}

    @Test
    void refusesASecondCopyOfARunningJob() throws Exception {
        Run run = submit(
                "{\"jobs\":[{\"jid\":\"a1\",\"name\":\"tillstream\",\"state\":\"FINISHED\",\"tasks\":{}},"
                        + "{\"jid\":\"b2\",\"name\":\"tillstream\",\"state\":\"RESTARTING\",\"tasks\":{\"total\":3}}]}",
                Map.of());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("already running"), run.output());
        assertEquals(null, run.flinkArgs(), "flink run was called");
    }

    @Test
    void resumesFromTheNewestCheckpointOrSavepoint() throws Exception {
        Path data = dir.resolve("data");
        metadata(data.resolve("checkpoints/0a/chk-7"), "2026-11-20T10:00:00Z");
        metadata(data.resolve("savepoints/savepoint-0a-1"), "2026-11-21T10:00:00Z");
        metadata(data.resolve("checkpoints/0b/chk-2"), "2026-11-19T10:00:00Z");
        Run run = submit(
                "{\"jobs\":[{\"jid\":\"a1\",\"name\":\"tillstream\",\"state\":\"CANCELED\"},"
                        + "{\"jid\":\"c3\",\"name\":\"other\",\"state\":\"RUNNING\"}]}",
                Map.of());
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("run -d -s file://" + data.resolve("savepoints/savepoint-0a-1") + " " + JOB_ARGS, run.flinkArgs());
    }

    @Test
    void startsFreshWithoutStateAndTakesExplicitOptionsInstead() throws Exception {
        Run fresh = submit("{\"jobs\":[]}", Map.of());
        assertEquals("run -d " + JOB_ARGS, fresh.flinkArgs(), fresh.output());

        metadata(dir.resolve("data/checkpoints/0a/chk-7"), "2026-11-20T10:00:00Z");
        Run chosen = submit("{\"jobs\":[]}", Map.of("FLINK_RUN_OPTS", "-s file:///elsewhere -n"));
        assertEquals("run -d -s file:///elsewhere -n " + JOB_ARGS, chosen.flinkArgs(), chosen.output());
    }

    private Run submit(String jobsOverview, Map<String, String> environment) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path args = dir.resolve("flink-args");
        Files.deleteIfExists(args);
        executable(bin.resolve("wget"), "#!/bin/sh\nprintf '%s' \"$FAKE_JOBS\"\n");
        executable(bin.resolve("flink"), "#!/bin/sh\necho \"$@\" > \"$FLINK_ARGS_FILE\"\n");
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("PATH", bin + ":" + env.get("PATH"));
        env.put("FAKE_JOBS", jobsOverview);
        env.put("FLINK_ARGS_FILE", args.toString());
        env.put("FLINK_DATA_DIR", dir.resolve("data").toString());
        env.remove("FLINK_RUN_OPTS");
        env.remove("TILLSTREAM_PARALLELISM");
        env.putAll(environment);
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "submit.sh did not finish");
        String output = new String(process.getInputStream().readAllBytes());
        return new Run(
                process.exitValue(),
                output,
                Files.exists(args) ? Files.readString(args).strip() : null);
    }

    private static void metadata(Path checkpoint, String modified) throws IOException {
        Path file = Files.createDirectories(checkpoint).resolve("_metadata");
        Files.writeString(file, "state");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse(modified)));
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
