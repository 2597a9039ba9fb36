package io.tillstream.job;

import io.tillstream.testing.SavepointFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes this build's savepoint fixture; runs only when asked to:
 *
 * <pre>mvn -B -ntp test -Dtest=SavepointFixtureGenerator -Dtillstream.fixture.release=0.1.0</pre>
 *
 * <p>The fixture goes to {@code src/test/resources/savepoints/<release>/}, which must not exist
 * yet; commit it, and {@link SavepointCompatibilityEndToEndTest} restores it in every later build.
 */
class SavepointFixtureGenerator {
    static final String RELEASE = "tillstream.fixture.release";

    @Test
    @EnabledIfSystemProperty(named = RELEASE, matches = ".+")
    void generate() throws Exception {
        String release = System.getProperty(RELEASE);
        SavepointFixture.generate(Path.of("src/test/resources/savepoints", release), release);
    }
}
