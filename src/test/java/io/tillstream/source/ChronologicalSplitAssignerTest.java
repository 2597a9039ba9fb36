package io.tillstream.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;

class ChronologicalSplitAssignerTest {

    @Test
    void aBacklogIsReadPeriodByPeriodNotBranchByBranch() {
        ChronologicalSplitAssigner assigner = new ChronologicalSplitAssigner(List.of(
                split("alton_24-03-2021_09-00-00.csv", 1),
                split("alton_23-03-2021_09-00-00.csv", 2),
                split("leeds_23-03-2021_09-00-00.csv.gz", 3),
                split("2021-03-22-isle-of-wight.csv", 4),
                split("leeds_24-03-2021_09-00-00.csv", 5)));

        assertEquals(
                List.of(
                        "2021-03-22-isle-of-wight.csv",
                        "alton_23-03-2021_09-00-00.csv",
                        "leeds_23-03-2021_09-00-00.csv.gz",
                        "alton_24-03-2021_09-00-00.csv",
                        "leeds_24-03-2021_09-00-00.csv"),
                drain(assigner));
    }

    @Test
    void filesDiscoveredLaterAreMergedIntoTheOrderAndNamelessOnesGoByUploadTime() {
        long march23 = java.time.LocalDateTime.of(2021, 3, 23, 12, 0)
                .toInstant(java.time.ZoneOffset.UTC)
                .toEpochMilli();
        ChronologicalSplitAssigner assigner =
                new ChronologicalSplitAssigner(List.of(split("leeds_24-03-2021_09-00-00.csv", 1)));
        assigner.addSplits(List.of(split("till-export.csv", march23), split("leeds_23-03-2021_09-00-00.csv", 2)));

        assertEquals(3, assigner.remainingSplits().size());
        assertEquals(
                List.of("leeds_23-03-2021_09-00-00.csv", "till-export.csv", "leeds_24-03-2021_09-00-00.csv"),
                drain(assigner));
        assertEquals(Optional.empty(), assigner.getNext(null));
    }

    private static FileSourceSplit split(String name, long modified) {
        return new FileSourceSplit(name, new Path("s3://drops/in/" + name), 0, 10, modified, 10);
    }

    private static List<String> drain(ChronologicalSplitAssigner assigner) {
        List<String> names = new ArrayList<>();
        for (Optional<FileSourceSplit> next = assigner.getNext("host");
                next.isPresent();
                next = assigner.getNext("host")) {
            names.add(next.get().path().getName());
        }
        return names;
    }
}
