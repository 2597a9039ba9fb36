package io.tillstream.source;

import java.util.List;
import java.util.Set;
import org.apache.flink.connector.file.src.FileSourceSplit;

/**
 * The source's state on the JobManager: what discovery remembers, and the files found but not yet
 * handed to a reader. Files being read are in the readers' state, not here.
 *
 * @param legacyPaths paths a savepoint of Flink's own file source says were read; empty once the
 *     first listing has turned them into {@link Discovery#seen} entries
 */
record DiscoveryCheckpoint(Discovery discovery, List<FileSourceSplit> pending, Set<String> legacyPaths) {
    static final DiscoveryCheckpoint EMPTY = new DiscoveryCheckpoint(Discovery.EMPTY, List.of(), Set.of());

    DiscoveryCheckpoint {
        pending = List.copyOf(pending);
        legacyPaths = Set.copyOf(legacyPaths);
    }
}
