package io.tillstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README is the front door and docs/configuration.md the operators' reference: both must match the code. */
class ReadmeTest {
    private static final Path README = Path.of("README.md");

    @Test
    void everySettingIsDocumentedWithItsVariableAndDefault() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("docs/configuration.md"));
        for (Setting setting : Setting.values()) {
            String expectedDefault = setting.defaultValue() == null
                    ? "(required)"
                    : setting.defaultValue().isEmpty() ? "(empty)" : "`" + setting.defaultValue() + "`";
            String row =
                    "| `" + setting.key() + "` | `" + setting.environmentVariable() + "` | " + expectedDefault + " |";
            assertTrue(
                    lines.stream().anyMatch(line -> line.startsWith(row)),
                    "docs/configuration.md has no configuration row starting with: " + row);
        }
    }

    /** Set-up takes exactly two commands: run it, test it. */
    @Test
    void theQuickStartIsTheTwoCommands() throws Exception {
        String readme = Files.readString(README);
        String block = readme.substring(readme.indexOf("```bash", readme.indexOf("## Quick start")));
        block = block.substring("```bash".length(), block.indexOf("```", 1)).strip();
        List<String> commands = block.lines()
                .map(line -> line.replaceAll("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .toList();
        assertEquals(List.of("mvn -q compile exec:exec", "mvn verify"), commands);
    }

    @Test
    void everyLinkInTheReadmeLeadsToAFile() throws Exception {
        Matcher m = Pattern.compile("\\]\\(([^)#:]+)(#[^)]*)?\\)").matcher(Files.readString(README));
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            if (!Files.exists(Path.of(m.group(1)))) {
                missing.add(m.group(1));
            }
        }
        assertEquals(List.of(), missing);
    }
}
