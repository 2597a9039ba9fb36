package io.tillstream.source;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;
import javax.annotation.Nullable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.MutableRecordAndPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads till files line by line, tags each line with its file and line number (which a plain
 * {@link TextLineInputFormat} cannot: a stream format never learns which file it reads), and ends
 * every file with a marker, so the ledger can tell a file read completely from one still being
 * read. Wrapping the adapted text format keeps Flink's decompression ({@code .gz} by extension) and
 * its checkpointed reader positions, so a restored job resumes mid-file at the right line number.
 *
 * <p>A file that cannot be read (a corrupt gzip stream, a file deleted after listing) ends with an
 * {@link SourceLine.Kind#UNREADABLE} marker instead of failing the job: failing would restart it,
 * read the same file, and fail again, for ever.
 */
public final class TillFileFormat implements BulkFormat<SourceLine, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TillFileFormat.class);

    private final StreamFormatAdapter<String> lines = new StreamFormatAdapter<>(new TextLineInputFormat());

    @Override
    public Reader<SourceLine> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return open(config, split, false);
    }

    @Override
    public Reader<SourceLine> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return open(config, split, true);
    }

    private Reader<SourceLine> open(Configuration config, FileSourceSplit split, boolean restore) throws IOException {
        CheckpointedPosition resumeAt =
                split.getReaderPosition().orElse(new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 0));
        if (TooLateUpload.is(split)) {
            return new TaggingReader(null, split, resumeAt).endsWith(TooLateUpload.reason(split));
        }
        try {
            Reader<String> reader = restore ? lines.restoreReader(config, split) : lines.createReader(config, split);
            return new TaggingReader(reader, split, resumeAt);
        } catch (IOException e) {
            return new TaggingReader(null, split, resumeAt).failed(permanent(e));
        }
    }

    /**
     * A corrupt or truncated gzip stream, or a file deleted after it was listed, fails the same way
     * however often it is read: such a file becomes unreadable. Any other I/O error (the network, an
     * S3 throttle) may pass, so it fails the task and Flink retries from the last checkpoint.
     */
    static IOException permanent(IOException e) throws IOException {
        if (e instanceof ZipException || e instanceof EOFException || e instanceof FileNotFoundException) {
            return e;
        }
        throw e;
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<SourceLine> getProducedType() {
        return TypeInformation.of(SourceLine.class);
    }

    /** Why a file could not be read, without anything from its content. */
    static String describe(Exception e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return e.getClass().getSimpleName() + message;
    }

    private static final class TaggingReader implements Reader<SourceLine> {
        @Nullable
        private final Reader<String> delegate;

        private final FileSourceSplit split;
        private final String file;
        private long linesRead;
        private CheckpointedPosition lastPosition;
        private SourceLine finalMarker;
        private boolean finished;

        /** @param resumeAt where reading starts: the file's start, or a restored checkpoint's position */
        TaggingReader(@Nullable Reader<String> delegate, FileSourceSplit split, CheckpointedPosition resumeAt) {
            this.delegate = delegate;
            this.split = split;
            this.file = split.path().toString();
            this.linesRead = resumeAt.getRecordsAfterOffset();
            this.lastPosition = resumeAt;
        }

        TaggingReader failed(Exception e) {
            LOG.warn("cannot read {} after line {}: {}", file, linesRead, describe(e));
            return endsWith(describe(e));
        }

        /** Ends the file here with an unreadable marker saying {@code why}. */
        TaggingReader endsWith(String why) {
            finalMarker =
                    SourceLine.unreadable(file, linesRead + 1, why, split.fileSize(), split.fileModificationTime());
            return this;
        }

        /**
         * Copies each batch out of the delegate at once. Flink's fetcher thread reads the next batch
         * before the task has consumed this one, so the end-of-file marker can only know how many
         * lines the file had if every batch was counted when it was read.
         */
        @Nullable
        @Override
        public RecordIterator<SourceLine> readBatch() throws IOException {
            if (finished) {
                return null;
            }
            if (finalMarker == null) {
                try {
                    RecordIterator<String> batch = delegate.readBatch();
                    if (batch != null) {
                        return tag(batch);
                    }
                    finalMarker = SourceLine.endOfFile(file, linesRead, split.fileSize(), split.fileModificationTime());
                } catch (IOException e) {
                    failed(permanent(e));
                }
            }
            finished = true;
            return new Positioned(List.of(finalMarker), List.of(lastPosition));
        }

        private RecordIterator<SourceLine> tag(RecordIterator<String> batch) {
            List<SourceLine> lines = new ArrayList<>();
            List<CheckpointedPosition> positions = new ArrayList<>();
            for (RecordAndPosition<String> line = batch.next(); line != null; line = batch.next()) {
                // the skip count is the number of records up to and including this one: its line number
                linesRead = line.getRecordSkipCount();
                lastPosition = new CheckpointedPosition(line.getOffset(), line.getRecordSkipCount());
                lines.add(new SourceLine(file, linesRead, line.getRecord()));
                positions.add(lastPosition);
            }
            batch.releaseBatch();
            return new Positioned(lines, positions);
        }

        @Override
        public void close() throws IOException {
            if (delegate != null) {
                delegate.close();
            }
        }
    }

    /**
     * Records with the positions to resume after each. The end-of-file or unreadable marker repeats
     * the last line's position, so a checkpoint taken right after it resumes at the end of the file
     * and emits the marker again: the ledger takes the marker's line total, not a count of markers,
     * so a repeat changes nothing.
     */
    private static final class Positioned implements RecordIterator<SourceLine> {
        private final List<SourceLine> records;
        private final List<CheckpointedPosition> positions;
        private final MutableRecordAndPosition<SourceLine> current = new MutableRecordAndPosition<>();
        private int next;

        Positioned(List<SourceLine> records, List<CheckpointedPosition> positions) {
            this.records = records;
            this.positions = positions;
        }

        @Nullable
        @Override
        public RecordAndPosition<SourceLine> next() {
            if (next == records.size()) {
                return null;
            }
            CheckpointedPosition position = positions.get(next);
            current.set(records.get(next++), position.getOffset(), position.getRecordsAfterOffset());
            return current;
        }

        @Override
        public void releaseBatch() {}
    }
}
