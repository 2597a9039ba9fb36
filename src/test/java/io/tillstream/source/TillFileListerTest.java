package io.tillstream.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TillFileListerTest {

    @Test
    void aPrefixWithNoFilesYetIsEmptyNotAnError(@TempDir java.nio.file.Path dir) throws Exception {
        Path missing = new Path(dir.resolve("not-created-yet").toUri());

        assertEquals(List.of(), TillFileLister.list(missing, Long.MIN_VALUE));
    }

    @Test
    void picksTillFilesInNestedPrefixesAndLeavesOtherObjectsAlone(@TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path day = Files.createDirectories(dir.resolve("2021/03/23"));
        Files.writeString(day.resolve("leeds_23-03-2021_09-00-00.csv"), "x");
        Files.writeString(day.resolve("leeds_24-03-2021_09-00-00.CSV.gz"), "x");
        Files.writeString(day.resolve("leeds_23-03-2021_09-00-00.csv-d57d0f99"), "upload in progress");
        Files.writeString(day.resolve("notes.txt"), "not a till file");
        Files.writeString(day.resolve(".hidden.csv"), "hidden");
        Files.writeString(Files.createDirectories(dir.resolve("_temporary")).resolve("x.csv"), "a writer's");

        assertEquals(
                List.of("leeds_23-03-2021_09-00-00.csv", "leeds_24-03-2021_09-00-00.CSV.gz"),
                names(TillFileLister.list(new Path(dir.toUri()), Long.MIN_VALUE)));
    }

    @Test
    void leavesOutPartitionsOlderThanNeededButReadsTheFlatPrefix(@TempDir java.nio.file.Path dir) throws Exception {
        Files.writeString(Files.createDirectories(dir.resolve("2021/03/01")).resolve("old.csv"), "x");
        Files.writeString(Files.createDirectories(dir.resolve("2021/03/22")).resolve("recent.csv"), "x");
        Files.writeString(Files.createDirectories(dir.resolve("2021/03/23")).resolve("today.csv"), "x");
        java.nio.file.Path flat = dir.resolve("flat.csv");
        Files.writeString(flat, "x");
        Instant modified = Instant.parse("2021-03-20T10:00:00Z");
        Files.setLastModifiedTime(flat, FileTime.from(modified));
        long listFrom = Instant.parse("2021-03-23T12:00:00Z").toEpochMilli();

        List<ListedFile> listed = TillFileLister.list(new Path(dir.toUri()), listFrom);

        assertEquals(List.of("flat.csv", "recent.csv", "today.csv"), names(listed));
        assertEquals(
                modified.toEpochMilli(),
                listed.stream()
                        .filter(f -> f.path().endsWith("flat.csv"))
                        .findFirst()
                        .orElseThrow()
                        .modified());
    }

    private static List<String> names(List<ListedFile> files) {
        return files.stream().map(f -> new Path(f.path()).getName()).sorted().toList();
    }
}
