package io.tillstream.local;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server (S3Proxy over its filesystem backend) in a child JVM, so that its
 * Jetty and Jackson never meet Flink's on one classpath. The jar is copied from Maven Central into
 * {@code target/s3proxy} by the build. A bucket is a directory under the base directory.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "tillstream-local";
    public static final String SECRET_KEY = "tillstream-local-secret";
    private static final String JAR_PROPERTY = "s3proxy.jar";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final Process process;

    private S3ProxyServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    public static S3ProxyServer start(Path workDir, int port, String... buckets) throws IOException {
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar.toAbsolutePath()
                    + ": run through Maven (it copies the jar) or set -D" + JAR_PROPERTY);
        }
        Path baseDir = Files.createDirectories(workDir.resolve("buckets"));
        for (String bucket : buckets) {
            Files.createDirectories(baseDir.resolve(bucket));
        }
        Path properties = workDir.resolve("s3proxy.properties");
        Files.writeString(
                properties,
                String.join(
                        "\n",
                        "s3proxy.endpoint=http://127.0.0.1:" + port,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + ACCESS_KEY,
                        "s3proxy.credential=" + SECRET_KEY,
                        "jclouds.provider=filesystem",
                        "jclouds.identity=unused",
                        "jclouds.credential=unused",
                        "jclouds.filesystem.basedir=" + baseDir.toAbsolutePath(),
                        ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = workDir.resolve("s3proxy.log");
        Process process = new ProcessBuilder(
                        List.of(java, "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        S3ProxyServer server = new S3ProxyServer(port, process);
        server.awaitPort(log);
        return server;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitPort(Path log) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited at start; its log: " + Files.readString(log));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep(Duration.ofMillis(200));
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("S3Proxy did not open port " + port + " within " + START_TIMEOUT);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
