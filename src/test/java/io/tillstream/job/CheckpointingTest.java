package io.tillstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillstream.testing.TestConfigs;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** Live, the job commits every checkpoint.interval; while files wait for a reader, less often. */
class CheckpointingTest {
    @Test
    void theJobCheckpointsLessOftenWhileTheSourceReportsABacklog() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        TillstreamJob.configure(
                env,
                TestConfigs.job(
                        "file:///nowhere/",
                        "jdbc:postgresql://localhost/none",
                        Map.of(Setting.CHECKPOINT_INTERVAL, "7s", Setting.CHECKPOINT_INTERVAL_DURING_BACKLOG, "45s")));

        CheckpointConfig checkpoints = env.getCheckpointConfig();
        assertEquals(Duration.ofSeconds(7).toMillis(), checkpoints.getCheckpointInterval());
        assertEquals(Duration.ofSeconds(45).toMillis(), checkpoints.getCheckpointIntervalDuringBacklog());
    }
}
