package io.tillstream.testing;

import io.tillstream.job.Setting;
import io.tillstream.job.TillstreamConfig;
import io.tillstream.local.EmbeddedWarehouse;
import java.util.EnumMap;
import java.util.Map;

/** Job configurations for integration tests: fast checkpoints and listing, two parallel subtasks. */
public final class TestConfigs {
    public static final String HMAC_SECRET = "integration-test-secret-0123456789";

    private TestConfigs() {}

    public static TillstreamConfig job(String inputPath, String jdbcUrl) {
        return job(inputPath, jdbcUrl, Map.of());
    }

    /** The test configuration with some settings changed. */
    public static TillstreamConfig job(String inputPath, String jdbcUrl, Map<Setting, String> changes) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        values.put(Setting.INPUT_PATH, inputPath);
        values.put(Setting.JDBC_URL, jdbcUrl);
        values.put(Setting.JDBC_USER, EmbeddedWarehouse.USER);
        values.put(Setting.JDBC_PASSWORD, EmbeddedWarehouse.PASSWORD);
        values.put(Setting.HMAC_SECRET, HMAC_SECRET);
        values.put(Setting.CHECKPOINT_INTERVAL, "1s");
        values.put(Setting.MONITOR_INTERVAL, "500ms");
        values.put(Setting.PARALLELISM, "2");
        values.putAll(changes);
        return TillstreamConfig.of(values);
    }
}
