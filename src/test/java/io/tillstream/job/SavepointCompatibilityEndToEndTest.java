package io.tillstream.job;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tillstream.testing.SavepointFixture;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every release's savepoint restores in this build: from each fixture under {@code
 * src/test/resources/savepoints}, this build finishes the load that release began, and every table
 * ends as that release left it (windows equal to a GROUP BY over sale_item).
 */
class SavepointCompatibilityEndToEndTest {

    @ParameterizedTest(name = "savepoint of release {0}")
    @MethodSource("releases")
    void restoresAndFinishesTheLoad(String release) throws Exception {
        SavepointFixture.at(fixtures().resolve(release)).restoreAndCheck();
    }

    static List<String> releases() throws Exception {
        try (Stream<Path> releases = Files.list(fixtures())) {
            List<String> names =
                    releases.map(p -> p.getFileName().toString()).sorted().toList();
            assertFalse(names.isEmpty(), "no savepoint fixture: generate one with SavepointFixtureGenerator");
            return names;
        }
    }

    private static Path fixtures() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(
                        SavepointCompatibilityEndToEndTest.class.getResource("/savepoints"),
                        "src/test/resources/savepoints is missing")
                .toURI());
    }
}
