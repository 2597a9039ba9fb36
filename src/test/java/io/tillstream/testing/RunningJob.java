package io.tillstream.testing;

import io.tillstream.job.TillstreamConfig;
import io.tillstream.job.TillstreamJob;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The production job (migrations, pipeline, XA sinks) running on a MiniCluster in this JVM. */
public final class RunningJob implements AutoCloseable {
    private static final String CHECKPOINT_PREFIX = AbstractFsCheckpointStorageAccess.CHECKPOINT_DIR_PREFIX;

    private final JobClient client;
    private final FlinkRestMetrics metrics;
    private final Path checkpoints;
    private boolean stopped;

    private RunningJob(JobClient client, FlinkRestMetrics metrics, Path checkpoints) {
        this.client = client;
        this.metrics = metrics;
        this.checkpoints = checkpoints;
    }

    public static RunningJob start(TestStack stack, TillstreamConfig config) throws Exception {
        return start(stack, config, null);
    }

    /** Starts the job from {@code savepoint}, as an upgrade would; {@code null} starts it fresh. */
    public static RunningJob start(TestStack stack, TillstreamConfig config, String savepoint) throws Exception {
        Configuration flink = stack.flinkConfiguration();
        if (savepoint != null) {
            flink.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        return submit(StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), flink), config, flink);
    }

    /** Submits the job through {@code env}, whose cluster answers REST calls on {@code flink}'s port. */
    static RunningJob submit(StreamExecutionEnvironment env, TillstreamConfig config, Configuration flink)
            throws Exception {
        TillstreamJob.prepare(env, config);
        JobClient client = env.executeAsync(TillstreamJob.JOB_NAME);
        return new RunningJob(
                client,
                new FlinkRestMetrics(flink.get(RestOptions.PORT), client.getJobID()),
                Path.of(URI.create(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)))
                        .resolve(client.getJobID().toString()));
    }

    public JobID id() {
        return client.getJobID();
    }

    /** How often Flink has restarted the job's tasks after a failure. */
    public long restarts() throws Exception {
        return metrics.job("numRestarts");
    }

    /**
     * Checkpoints completed so far (each one snapshots the state and commits the sinks' rows): the id
     * of the newest one in the checkpoint directory, as ids count every checkpoint triggered and a
     * checkpoint's metadata is written when it completes. Flink's checkpoint statistics were seen to
     * trail further.
     */
    public long completedCheckpoints() throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return 0;
        }
        try (Stream<Path> children = Files.list(checkpoints)) {
            return children.filter(dir -> dir.getFileName().toString().startsWith(CHECKPOINT_PREFIX))
                    .filter(dir -> Files.exists(dir.resolve(AbstractFsCheckpointStorageAccess.METADATA_FILE_NAME)))
                    .mapToLong(
                            dir -> Long.parseLong(dir.getFileName().toString().substring(CHECKPOINT_PREFIX.length())))
                    .max()
                    .orElse(0);
        }
    }

    /** A metric summed over all subtasks, e.g. {@code duplicateSales}. */
    public long metric(String name) throws Exception {
        return metrics.sum(name);
    }

    /** Stop-with-savepoint, as before an upgrade; returns the savepoint's path. */
    public String stopWithSavepoint(Path directory) throws Exception {
        stopped = true;
        return client.stopWithSavepoint(false, directory.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(120, TimeUnit.SECONDS);
    }

    /** For a job whose cluster crashed: there is nothing left to cancel. */
    public void abandon() {
        stopped = true;
    }

    /** Cancels the job unless it was stopped with a savepoint or abandoned (its MiniCluster is gone then). */
    @Override
    public void close() throws Exception {
        if (!stopped) {
            client.cancel().get(60, TimeUnit.SECONDS);
        }
    }
}
