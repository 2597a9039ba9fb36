package io.tillstream.job;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the operators' reference: it must match the code. */
class ReadmeTest {

    @Test
    void everySettingIsDocumentedWithItsVariableAndDefault() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        for (Setting setting : Setting.values()) {
            String expectedDefault = setting.defaultValue() == null
                    ? "(required)"
                    : setting.defaultValue().isEmpty() ? "(empty)" : "`" + setting.defaultValue() + "`";
            String row =
                    "| `" + setting.key() + "` | `" + setting.environmentVariable() + "` | " + expectedDefault + " |";
            assertTrue(
                    lines.stream().anyMatch(line -> line.startsWith(row)),
                    "README.md has no configuration row starting with: " + row);
        }
    }
}
