package io.tillstream.job;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The job jar runs on the Flink 2.0 image's class path: it bundles the JDBC connector and the
 * PostgreSQL driver, which the image lacks, and no class of what the cluster already has in lib/
 * (Flink itself, flink-connector-files with flink-connector-base inside, log4j), which the pom
 * declares provided. Two copies of a class on one class path invite a version clash that shows
 * only on the cluster. Runs after {@code package}, on the jar Maven built.
 */
class JobJarIT {
    /** A plugin on the cluster: its own class loader, not the job's class path. */
    private static final String S3_PLUGIN = "flink-s3-fs-hadoop-";

    @Test
    void bundlesWhatTheClusterLacksAndNothingItHas() throws IOException {
        Path jobJar = Path.of(System.getProperty("job.jar"));
        Set<String> bundled = classes(jobJar);
        Map<String, String> provided = new TreeMap<>();
        for (String entry : Files.readString(Path.of(System.getProperty("provided.classpath")))
                .trim()
                .split(File.pathSeparator)) {
            String jar = new File(entry).getName();
            if (!jar.startsWith(S3_PLUGIN)) {
                classes(Path.of(entry)).forEach(c -> provided.putIfAbsent(c, jar));
            }
        }
        Set<String> providedJars = new TreeSet<>(provided.values());

        Map<String, String> twice = new TreeMap<>();
        bundled.stream().filter(provided::containsKey).limit(20).forEach(c -> twice.put(c, provided.get(c)));
        assertAll(
                "job jar " + jobJar,
                () -> assertTrue(
                        providedJars.contains("flink-connector-files-2.0.0.jar"),
                        "flink-connector-files is in the image's lib/, so provided: " + providedJars),
                () -> assertEquals(Map.of(), twice, "classes the cluster's class path has already"),
                () -> assertTrue(
                        bundled.contains("org/apache/flink/connector/jdbc/core/datastream/sink/JdbcSink.class")),
                () -> assertTrue(bundled.contains("org/postgresql/xa/PGXADataSource.class")),
                () -> assertTrue(bundled.contains("io/tillstream/job/TillstreamJob.class")),
                () -> assertTrue(
                        bundled.stream().noneMatch(c -> c.startsWith("io/tillstream/local/")),
                        "the local runner stays out of the job jar"));
        try (JarFile jar = new JarFile(jobJar.toFile())) {
            assertEquals(
                    TillstreamJob.class.getName(),
                    jar.getManifest().getMainAttributes().getValue("Main-Class"));
            assertTrue(jar.getEntry("db/migrations.txt") != null, "the migrations travel with the job");
        }
    }

    private static Set<String> classes(Path jar) throws IOException {
        Set<String> classes = new TreeSet<>();
        if (!jar.toString().endsWith(".jar")) {
            return classes;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class") && !name.startsWith("META-INF/")) {
                    classes.add(name);
                }
            }
        }
        return classes;
    }
}
