package io.tillstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillstream.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** A failure that repeats on the same input must end as a failed job, both as the job and as the cluster configure it. */
class RestartLimitsTest {
    private static final Path CLUSTER_CONFIG = Path.of("flink-conf/config.yaml");

    @Test
    void theJobAndTheClusterLimitRestartsAlike() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        TillstreamJob.configure(env, TestConfigs.job("file:///nowhere/", "jdbc:postgresql://localhost/none"));
        Configuration job = Configuration.fromMap(env.getConfiguration().toMap());

        Map<String, String> cluster = new HashMap<>();
        for (String line : Files.readAllLines(CLUSTER_CONFIG)) {
            if (line.startsWith("restart-strategy.")) {
                String[] keyValue = line.split(":\\s*", 2);
                cluster.put(keyValue[0], keyValue[1].trim());
            }
        }
        Configuration clusterConfig = Configuration.fromMap(cluster);

        assertEquals("exponential-delay", job.get(RestartStrategyOptions.RESTART_STRATEGY));
        assertEquals(
                TillstreamJob.RESTART_ATTEMPTS,
                job.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS));
        for (ConfigOption<?> option : new ConfigOption<?>[] {
            RestartStrategyOptions.RESTART_STRATEGY,
            RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
            RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
            RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER,
            RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
            RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS
        }) {
            assertEquals(job.get(option), clusterConfig.get(option), option.key());
        }
    }
}
