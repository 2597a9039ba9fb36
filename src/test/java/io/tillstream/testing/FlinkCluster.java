package io.tillstream.testing;

import io.tillstream.job.TillstreamConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * A MiniCluster the test holds on to, so that it can take parts of it away: one TaskManager per
 * slot (each parallel subtask on a TaskManager of its own), a TaskManager killed and replaced, or
 * the whole cluster, JobManager included, gone at once. Or a {@link #session} cluster that runs
 * one job after another, as the benchmark's.
 */
public final class FlinkCluster implements AutoCloseable {
    private final MiniCluster cluster;
    private final Configuration flink;

    private FlinkCluster(MiniCluster cluster, Configuration flink) {
        this.cluster = cluster;
        this.flink = flink;
    }

    public static FlinkCluster start(TestStack stack, int taskManagers) throws Exception {
        return start(stack.flinkConfiguration(), taskManagers, 1);
    }

    /**
     * A session cluster, as docker-compose runs: one TaskManager with {@code slots} slots, up before
     * any job is submitted, and compiled by the JIT once for every job it runs.
     */
    public static FlinkCluster session(Configuration flink, int slots) throws Exception {
        return start(flink, 1, slots);
    }

    private static FlinkCluster start(Configuration flink, int taskManagers, int slots) throws Exception {
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(flink)
                .setNumTaskManagers(taskManagers)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        return new FlinkCluster(cluster, flink);
    }

    /** Submits the job; restored from {@code restorePath} (a savepoint or a retained checkpoint) unless null. */
    public RunningJob submit(TillstreamConfig config, String restorePath) throws Exception {
        Configuration submission = configuration();
        if (restorePath != null) {
            submission.set(StateRecoveryOptions.SAVEPOINT_PATH, restorePath);
        }
        return submitWith(config, submission);
    }

    /** Submits the job with {@code submission}'s settings, e.g. another state backend. */
    public RunningJob submitWith(TillstreamConfig config, Configuration submission) throws Exception {
        return RunningJob.submit(environment(config.parallelism(), submission), config, flink);
    }

    /** An environment whose jobs run on this cluster. */
    public StreamExecutionEnvironment environment(int parallelism, Configuration submission) {
        return new TestStreamEnvironment(cluster, submission, parallelism, List.of(), List.of());
    }

    /** The cluster's settings (REST port, S3, checkpoint directory): a copy to add a job's own to. */
    public Configuration configuration() {
        return new Configuration(flink);
    }

    /**
     * Kills TaskManager {@code index} with its tasks, and starts a new one in its place. {@code
     * released} is closed once the kill is under way: a task blocked on it could not die.
     */
    public void killTaskManager(int index, AutoCloseable released) throws Exception {
        CompletableFuture<Void> dead = cluster.terminateTaskManager(index);
        released.close();
        dead.get(60, TimeUnit.SECONDS);
        cluster.startTaskManager();
    }

    /**
     * The JobManager and every TaskManager gone at once, {@code released} closed once that is under
     * way; the job is suspended, not cancelled, so its retained checkpoints stay.
     */
    public void crash(AutoCloseable released) throws Exception {
        CompletableFuture<Void> gone = cluster.closeAsync();
        released.close();
        gone.get(60, TimeUnit.SECONDS);
    }

    /** Shuts the cluster down; nothing left to do after {@link #crash}. */
    @Override
    public void close() throws Exception {
        cluster.closeAsync().get(60, TimeUnit.SECONDS);
    }

    /** The newest complete checkpoint {@code job} retained, as a path to restore from. */
    public static String latestCheckpoint(TestStack stack, JobID job) throws IOException {
        try (Stream<Path> checkpoints = Files.list(stack.checkpoints().resolve(job.toHexString()))) {
            return checkpoints
                    .filter(dir -> dir.getFileName().toString().startsWith("chk-"))
                    .filter(dir -> Files.exists(dir.resolve("_metadata")))
                    .max(Comparator.comparingLong(
                            dir -> Long.parseLong(dir.getFileName().toString().substring(4))))
                    .orElseThrow(() -> new AssertionError("no complete checkpoint retained for " + job))
                    .toUri()
                    .toString();
        }
    }
}
