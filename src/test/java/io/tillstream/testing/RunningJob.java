package io.tillstream.testing;

import io.tillstream.job.TillstreamConfig;
import io.tillstream.job.TillstreamJob;
import io.tillstream.local.FlinkRestMetrics;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The production job (migrations, pipeline, XA sinks) running on a MiniCluster in this JVM. */
public final class RunningJob implements AutoCloseable {
    private final JobClient client;
    private final FlinkRestMetrics metrics;

    private RunningJob(JobClient client, FlinkRestMetrics metrics) {
        this.client = client;
        this.metrics = metrics;
    }

    public static RunningJob start(TestStack stack, TillstreamConfig config) throws Exception {
        Configuration flink = stack.flinkConfiguration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), flink);
        TillstreamJob.prepare(env, config);
        JobClient client = env.executeAsync(TillstreamJob.JOB_NAME);
        return new RunningJob(client, new FlinkRestMetrics(flink.get(RestOptions.PORT), client.getJobID()));
    }

    /** A metric summed over all subtasks, e.g. {@code duplicateSales}. */
    public long metric(String name) throws Exception {
        return metrics.sum(name);
    }

    public JobClient client() {
        return client;
    }

    @Override
    public void close() throws Exception {
        client.cancel().get(60, TimeUnit.SECONDS);
    }
}
