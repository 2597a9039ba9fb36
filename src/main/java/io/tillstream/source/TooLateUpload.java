package io.tillstream.source;

import java.time.Instant;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.Path;

/**
 * A file found after the tolerance had passed is handed to a reader like any other, marked in its
 * split id, and the reader ends it at once with an unreadable marker instead of reading it: that
 * way it gets its ledger row ({@code ingest_file.read_error} starting {@value Discovery#TOO_LATE})
 * through the same path as every other file, and is counted once.
 */
final class TooLateUpload {
    private static final String ID_PREFIX = Discovery.TOO_LATE + ":";

    private TooLateUpload() {}

    static FileSourceSplit split(ListedFile file) {
        return new FileSourceSplit(
                ID_PREFIX + file.path(), new Path(file.path()), 0, file.size(), file.modified(), file.size());
    }

    static boolean is(FileSourceSplit split) {
        return split.splitId().startsWith(ID_PREFIX);
    }

    static String reason(FileSourceSplit split) {
        return Discovery.TOO_LATE + ": last modified " + Instant.ofEpochMilli(split.fileModificationTime())
                + ", more than input.late-tolerance before files already found; not read"
                + " (upload it again under a new name to load it)";
    }
}
