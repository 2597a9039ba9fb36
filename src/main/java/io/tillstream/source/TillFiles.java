package io.tillstream.source;

import java.time.Clock;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.FileSourceSplitSerializer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The continuous source of till lines under a bucket prefix (or local directory). Readers are
 * Flink's file source readers with {@link TillFileFormat}; discovery is {@link
 * RecentFilesEnumerator}, whose state stays bounded however many files the bucket accumulates.
 * Flink's {@link FileSource} cannot be given another enumerator, so this source wraps it for its
 * readers and splits only.
 */
public final class TillFiles
        implements Source<SourceLine, FileSourceSplit, DiscoveryCheckpoint>, ResultTypeQueryable<SourceLine> {
    private static final long serialVersionUID = 1L;

    private final String prefix;
    private final Duration monitorInterval;
    private final Duration lateTolerance;
    private final Duration checkpointInterval;
    private final FileSource<SourceLine> readers;

    private TillFiles(String prefix, Duration monitorInterval, Duration lateTolerance, Duration checkpointInterval) {
        this.prefix = prefix;
        this.monitorInterval = monitorInterval;
        this.lateTolerance = lateTolerance;
        this.checkpointInterval = checkpointInterval;
        this.readers = FileSource.forBulkFileFormat(new TillFileFormat(), new Path(prefix))
                .build();
    }

    /**
     * Watches {@code prefix}, listing it every {@code monitorInterval}; a file last modified more
     * than {@code lateTolerance} before the newest one found is reported, not read (see {@link
     * Discovery}). {@code checkpointInterval} is the job's normal one: the end of a catch-up is
     * reported about that long before its last file is read (see {@link BacklogEnd}).
     */
    public static TillFiles watching(
            String prefix, Duration monitorInterval, Duration lateTolerance, Duration checkpointInterval) {
        return new TillFiles(prefix, monitorInterval, lateTolerance, checkpointInterval);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<SourceLine, FileSourceSplit> createReader(SourceReaderContext readerContext) {
        return readers.createReader(readerContext);
    }

    @Override
    public SplitEnumerator<FileSourceSplit, DiscoveryCheckpoint> createEnumerator(
            SplitEnumeratorContext<FileSourceSplit> context) {
        return restoreEnumerator(context, DiscoveryCheckpoint.EMPTY);
    }

    @Override
    public SplitEnumerator<FileSourceSplit, DiscoveryCheckpoint> restoreEnumerator(
            SplitEnumeratorContext<FileSourceSplit> context, DiscoveryCheckpoint checkpoint) {
        return new RecentFilesEnumerator(
                context,
                new Path(prefix),
                monitorInterval,
                lateTolerance,
                checkpointInterval,
                Clock.systemUTC(),
                checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<FileSourceSplit> getSplitSerializer() {
        return FileSourceSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<DiscoveryCheckpoint> getEnumeratorCheckpointSerializer() {
        return new DiscoveryCheckpointSerializer();
    }

    @Override
    public TypeInformation<SourceLine> getProducedType() {
        return readers.getProducedType();
    }
}
