package io.tillstream.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.FileSourceSplitSerializer;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.connector.file.src.PendingSplitsCheckpointSerializer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Writes {@link DiscoveryCheckpoint}s. Version 1 is Flink's own {@link PendingSplitsCheckpoint}
 * format, which the source used before under the same operator id: reading it lets a job move
 * from Flink's file source to this one through a savepoint without reading anything again.
 */
final class DiscoveryCheckpointSerializer implements SimpleVersionedSerializer<DiscoveryCheckpoint> {
    private static final int FLINK_FILE_SOURCE = 1;
    private static final int VERSION = 2;
    private static final FileSourceSplitSerializer SPLITS = FileSourceSplitSerializer.INSTANCE;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(DiscoveryCheckpoint checkpoint) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeLong(checkpoint.discovery().mark());
        out.writeInt(checkpoint.discovery().seen().size());
        for (Map.Entry<String, Long> seen : checkpoint.discovery().seen().entrySet()) {
            out.writeUTF(seen.getKey());
            out.writeLong(seen.getValue());
        }
        out.writeInt(SPLITS.getVersion());
        out.writeInt(checkpoint.pending().size());
        for (FileSourceSplit split : checkpoint.pending()) {
            byte[] bytes = SPLITS.serialize(split);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        out.writeInt(checkpoint.legacyPaths().size());
        for (String path : checkpoint.legacyPaths()) {
            out.writeUTF(path);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public DiscoveryCheckpoint deserialize(int version, byte[] serialized) throws IOException {
        if (version == FLINK_FILE_SOURCE) {
            return fromFlinkFileSource(serialized);
        }
        if (version != VERSION) {
            throw new IOException("unknown discovery checkpoint version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        long mark = in.readLong();
        int seenCount = in.readInt();
        Map<String, Long> seen = new HashMap<>(seenCount * 2);
        for (int i = 0; i < seenCount; i++) {
            seen.put(in.readUTF(), in.readLong());
        }
        int splitVersion = in.readInt();
        int pendingCount = in.readInt();
        List<FileSourceSplit> pending = new ArrayList<>(pendingCount);
        for (int i = 0; i < pendingCount; i++) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            pending.add(SPLITS.deserialize(splitVersion, bytes));
        }
        int legacyCount = in.readInt();
        Set<String> legacy = new HashSet<>(legacyCount * 2);
        for (int i = 0; i < legacyCount; i++) {
            legacy.add(in.readUTF());
        }
        return new DiscoveryCheckpoint(new Discovery(mark, seen), pending, legacy);
    }

    private static DiscoveryCheckpoint fromFlinkFileSource(byte[] serialized) throws IOException {
        PendingSplitsCheckpoint<FileSourceSplit> flink =
                new PendingSplitsCheckpointSerializer<>(SPLITS).deserialize(FLINK_FILE_SOURCE, serialized);
        Set<String> processed = new HashSet<>();
        for (Path path : flink.getAlreadyProcessedPaths()) {
            processed.add(path.toString());
        }
        return new DiscoveryCheckpoint(Discovery.EMPTY, new ArrayList<>(flink.getSplits()), processed);
    }
}
