package io.tillstream.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TillFileEnumeratorTest {
    private final TillFileEnumerator enumerator = new TillFileEnumerator();

    @Test
    void aPrefixWithNoFilesYetIsEmptyNotAnError(@TempDir java.nio.file.Path dir) throws Exception {
        Path missing = new Path(dir.resolve("not-created-yet").toUri());

        assertEquals(List.of(), enumerator.enumerateSplits(new Path[] {missing}, 1));
    }

    @Test
    void picksTillFilesInNestedPrefixesAndLeavesOtherObjectsAlone(@TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path day = Files.createDirectories(dir.resolve("2021/03/23"));
        Files.writeString(day.resolve("leeds_23-03-2021_09-00-00.csv"), "x");
        Files.writeString(day.resolve("leeds_24-03-2021_09-00-00.CSV.gz"), "x");
        Files.writeString(day.resolve("leeds_23-03-2021_09-00-00.csv-d57d0f99"), "upload in progress");
        Files.writeString(day.resolve("notes.txt"), "not a till file");
        Files.writeString(day.resolve(".hidden.csv"), "hidden");

        List<String> names = enumerator.enumerateSplits(new Path[] {new Path(dir.toUri())}, 1).stream()
                .map(FileSourceSplit::path)
                .map(Path::getName)
                .sorted()
                .toList();

        assertEquals(List.of("leeds_23-03-2021_09-00-00.csv", "leeds_24-03-2021_09-00-00.CSV.gz"), names);
    }
}
