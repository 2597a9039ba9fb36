package io.tillstream.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;

class DiscoveryCheckpointSerializerTest {
    private final DiscoveryCheckpointSerializer serializer = new DiscoveryCheckpointSerializer();

    @Test
    void aCheckpointReadsBackAsItWasWritten() throws Exception {
        DiscoveryCheckpoint written = new DiscoveryCheckpoint(
                new Discovery(1_700_000_000_000L, Map.of("s3://b/in/a.csv", 1_699_999_000_000L)),
                List.of(
                        new FileSourceSplit("s3://b/in/b.csv", new Path("s3://b/in/b.csv"), 0, 10, 5, 10),
                        TooLateUpload.split(new ListedFile("s3://b/in/c.csv", 3, 7))),
                Set.of("s3://b/in/old.csv"));

        DiscoveryCheckpoint read = serializer.deserialize(serializer.getVersion(), serializer.serialize(written));

        assertEquals(written.discovery(), read.discovery());
        assertEquals(written.legacyPaths(), read.legacyPaths());
        assertEquals(
                written.pending().stream().map(FileSourceSplit::toString).toList(),
                read.pending().stream().map(FileSourceSplit::toString).toList());
    }
}
