package io.tillstream.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every key in flink-conf/config.yaml is one Flink 2.0.0 knows, with a value it accepts. Flink
 * ignores an unknown key with at most a log line, so a typo would silently change nothing. The
 * known keys are Flink's own {@link ConfigOption}s, found by reflection over the Flink jars on the
 * test class path (the versions the cluster runs). Keys of the S3 plugin are not ConfigOptions:
 * the plugin passes {@code s3.*} through to Hadoop's {@code fs.s3a.*}, so those are looked up in
 * the plugin's own core-default.xml.
 */
class FlinkConfigTest {
    private static final Path CONFIG = Path.of("flink-conf/config.yaml");
    private static final String S3_PREFIX = "s3.";
    private static final String S3A_PREFIX = "fs.s3a.";

    private static Map<String, ConfigOption<?>> options;

    @BeforeAll
    static void findFlinksOptions() throws IOException {
        options = new HashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = new File(entry).getName();
            if (!name.startsWith("flink-") || !name.endsWith(".jar")) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                for (String className : Collections.list(jar.entries()).stream()
                        .map(e -> e.getName())
                        .filter(n -> n.startsWith("org/apache/flink/") && n.endsWith("Options.class"))
                        .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                        .toList()) {
                    collectOptions(className);
                }
            }
        }
        assertTrue(options.containsKey("state.backend.type"), "Flink's options found: " + options.size());
    }

    @Test
    void everyKeyIsAFlinkOptionOrAnS3PluginKeyWithAValidValue() throws IOException {
        Map<String, String> config = flatConfig();
        Set<String> s3aKeys = s3PluginKeys();
        Configuration parsed = Configuration.fromMap(config);
        List<Executable> checks = new ArrayList<>();
        for (String key : config.keySet()) {
            if (key.startsWith(S3_PREFIX)) {
                String hadoopKey = S3A_PREFIX + key.substring(S3_PREFIX.length());
                checks.add(() -> assertTrue(s3aKeys.contains(hadoopKey), key + ": the S3 plugin has no " + hadoopKey));
            } else {
                ConfigOption<?> option = options.get(key);
                checks.add(() -> assertTrue(option != null, key + " is not a Flink 2.0.0 option"));
                if (option != null) {
                    checks.add(() -> assertDoesNotThrow(() -> parsed.get(option), key + ": " + config.get(key)));
                }
            }
        }
        assertAll("flink-conf/config.yaml", checks);
        assertFalse(config.isEmpty());
    }

    /** Secrets come from the containers' environment (docker-compose.yml), never from this file. */
    @Test
    void holdsNoCredentials() throws IOException {
        for (String key : flatConfig().keySet()) {
            assertFalse(key.matches(".*(secret|password|access-key|access\\.key).*"), key);
        }
    }

    private static Map<String, String> flatConfig() throws IOException {
        Map<String, String> config = new HashMap<>();
        Compose.yaml(CONFIG).forEach((key, value) -> config.put(key, String.valueOf(value)));
        return config;
    }

    private static void collectOptions(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, FlinkConfigTest.class.getClassLoader());
        } catch (Throwable e) { // an options class whose dependencies are not here holds no key we use
            return;
        }
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    field.setAccessible(true);
                    ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                    options.put(option.key(), option);
                    for (FallbackKey fallback : option.fallbackKeys()) {
                        options.putIfAbsent(fallback.getKey(), option);
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // not readable: not an option this file could use
                }
            }
        }
    }

    /** The fs.s3a.* keys of the Hadoop inside flink-s3-fs-hadoop (its core-default.xml). */
    private static Set<String> s3PluginKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        for (URL url : Collections.list(FlinkConfigTest.class.getClassLoader().getResources("core-default.xml"))) {
            if (!url.toString().contains("flink-s3-fs-hadoop")) {
                continue;
            }
            try (InputStream in = url.openStream()) {
                Matcher m = Pattern.compile("<name>(fs\\.s3a\\.[^<]+)</name>")
                        .matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        assertTrue(keys.contains("fs.s3a.endpoint"), "flink-s3-fs-hadoop's core-default.xml not found");
        return keys;
    }
}
