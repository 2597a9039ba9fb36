package io.tillstream.source;

import java.time.Duration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

/** The continuous source of till lines under a bucket prefix (or local directory), nested prefixes included. */
public final class TillFiles {
    private TillFiles() {}

    public static FileSource<SourceLine> watching(String path, Duration monitorInterval) {
        return FileSource.forBulkFileFormat(new TillFileFormat(), new Path(path))
                .setFileEnumerator(TillFileEnumerator::new)
                .setSplitAssigner(ChronologicalSplitAssigner::new)
                .monitorContinuously(monitorInterval)
                .build();
    }
}
