package io.tillstream.local;

import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.fs.FileSystem;

/**
 * Flink settings for running against the local S3 server in this JVM. flink-s3-fs-hadoop forwards
 * {@code s3.*} to S3A; the retry settings make a refused connection fail in seconds instead of
 * looking like a hang.
 */
public final class LocalFlink {
    private LocalFlink() {}

    /**
     * @param checkpoints where checkpoints and savepoints go. Without it a MiniCluster keeps them in
     *     the JobManager's memory, which refuses state over 5 MiB: a few hundred thousand sales in
     *     the dedupe state fail every checkpoint, and the job restarts in a loop.
     */
    public static Configuration configuration(String s3Endpoint, int restPort, Path checkpoints) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.setString("s3.endpoint", s3Endpoint);
        conf.setString("s3.path.style.access", "true");
        conf.setString("s3.access-key", S3ProxyServer.ACCESS_KEY);
        conf.setString("s3.secret-key", S3ProxyServer.SECRET_KEY);
        conf.setString("s3.connection.ssl.enabled", "false");
        conf.setString("s3.attempts.maximum", "2");
        conf.setString("s3.retry.limit", "2");
        conf.setString("s3.connection.establish.timeout", "5000");
        conf.setString("s3.connection.timeout", "10000");
        conf.set(RestOptions.PORT, restPort);
        return conf;
    }

    /**
     * The MiniCluster runs in this JVM, where Flink's file systems are a static registry: it must
     * know the S3 settings before the first {@code s3://} path is opened.
     */
    public static void initialiseFileSystems(Configuration conf) {
        FileSystem.initialize(conf, null);
    }
}
