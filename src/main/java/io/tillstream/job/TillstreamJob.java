package io.tillstream.job;

import io.tillstream.source.TillFiles;
import io.tillstream.warehouse.GrafanaRole;
import io.tillstream.warehouse.SchemaMigrations;
import io.tillstream.warehouse.StaleTransactions;
import io.tillstream.warehouse.WarehouseChecks;
import io.tillstream.warehouse.WarehouseSinks;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point for {@code flink run}: migrate the warehouse, then submit the pipeline. */
public final class TillstreamJob {
    private static final Logger LOG = LoggerFactory.getLogger(TillstreamJob.class);
    public static final String JOB_NAME = "tillstream";

    /**
     * Restarts before the job gives up and fails for good (backing off 1 s, 2 s, 4 s … to 1 min, so
     * about a quarter of an hour): long enough to ride out a warehouse or S3 outage, short enough that
     * a failure repeating on the same input becomes a FAILED job that alerts, not a silent loop.
     * Running for an hour without failure starts the count again. flink-conf/config.yaml says the same.
     */
    static final int RESTART_ATTEMPTS = 20;

    static final Duration RESTART_MAX_BACKOFF = Duration.ofMinutes(1);

    private TillstreamJob() {}

    public static void main(String[] args) throws Exception {
        TillstreamConfig config;
        try {
            config = TillstreamConfig.fromArgs(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        prepare(env, config);
        env.execute(JOB_NAME);
    }

    /**
     * Applies migrations, checks the warehouse can take the job, clears what an earlier run left
     * in doubt when starting without state, and builds the production pipeline on {@code env},
     * ready to execute. Restoring from a savepoint or checkpoint needs {@code
     * execution.state-recovery.path} in {@code env}'s configuration ({@code flink run -s}).
     */
    public static void prepare(StreamExecutionEnvironment env, TillstreamConfig config) throws SQLException {
        LOG.info("starting with {}", config);
        List<String> applied = SchemaMigrations.apply(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
        LOG.info("warehouse schema up to date ({} migrations applied now)", applied.size());
        GrafanaRole.grantDashboardReads(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
        WarehouseChecks.verify(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), config.parallelism());
        if (env.getConfiguration()
                .getOptional(StateRecoveryOptions.SAVEPOINT_PATH)
                .isEmpty()) {
            // safe only without state: see StaleTransactions
            int stale = StaleTransactions.rollBack(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
            LOG.info("started without state: {} prepared transactions of earlier runs rolled back", stale);
        }
        if (!config.grafanaPassword().isEmpty()) {
            GrafanaRole.allowLogin(
                    config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), config.grafanaPassword());
        }
        configure(env, config);
        TillstreamPipeline.build(
                env,
                config,
                TillFiles.watching(
                        config.inputPath(),
                        config.monitorInterval(),
                        config.lateTolerance(),
                        config.checkpointInterval()),
                WarehouseSinks.exactlyOnce(
                        config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), config.timeZone()));
    }

    static void configure(StreamExecutionEnvironment env, TillstreamConfig config) {
        Configuration options = new Configuration();
        // Kryo fallbacks are slow and break savepoint compatibility silently: fail instead.
        options.set(PipelineOptions.GENERIC_TYPES, false);
        // Every record type is immutable and no operator keeps or changes what it is handed after
        // passing it on, so chained operators may share instances instead of deep-copying each one
        // for every consumer (a receipt feeds five).
        options.set(PipelineOptions.OBJECT_REUSE, true);
        // Savepoints map state to operators by uid. A generated one changes with the graph around
        // it, and its state is then silently left behind: every operator must name its own
        // (pinned by OperatorUidsTest), and building the graph fails if one does not.
        options.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        options.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        options.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        options.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, RESTART_MAX_BACKOFF);
        options.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        options.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD, Duration.ofHours(1));
        options.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
        // The source reports a backlog while files wait for a reader (RecentFilesEnumerator).
        options.set(
                CheckpointingOptions.CHECKPOINTING_INTERVAL_DURING_BACKLOG, config.checkpointIntervalDuringBacklog());
        env.configure(options);
        env.setParallelism(config.parallelism());
        env.setMaxParallelism(config.maxParallelism());
        // The XA sinks commit only when a checkpoint completes: no checkpoints, no warehouse rows.
        env.enableCheckpointing(config.checkpointInterval().toMillis());
        env.getCheckpointConfig()
                .setExternalizedCheckpointRetention(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }
}
