package io.tillstream.source;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;
import javax.annotation.Nullable;
import org.apache.flink.api.common.io.compression.InflaterInputStreamFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.MutableRecordAndPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads till files line by line, tags each line with its file and line number (which a plain
 * {@link TextLineInputFormat} cannot: a stream format never learns which file it reads), and ends
 * every file with a marker, so the ledger can tell a file read completely from one still being
 * read. It reads lines as Flink's text format does (UTF-8, any line ending), decompresses as Flink's
 * file formats do ({@code .gz} by extension), and checkpoints the same reader positions (lines read,
 * no byte offset), so a restored job resumes mid-file at the right line number, also from a
 * checkpoint of a build that read through Flink's {@code StreamFormatAdapter}.
 *
 * <p>A file that cannot be read (a corrupt gzip stream, a file deleted after listing) ends with an
 * {@link SourceLine.Kind#UNREADABLE} marker instead of failing the job: failing would restart it,
 * read the same file, and fail again, for ever.
 */
public final class TillFileFormat implements BulkFormat<SourceLine, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TillFileFormat.class);

    @Override
    public Reader<SourceLine> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return open(config, split);
    }

    @Override
    public Reader<SourceLine> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return open(config, split);
    }

    private Reader<SourceLine> open(Configuration config, FileSourceSplit split) throws IOException {
        CheckpointedPosition resumeAt =
                split.getReaderPosition().orElse(new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 0));
        long batchChars = config.get(StreamFormat.FETCH_IO_SIZE).getBytes();
        if (TooLateUpload.is(split)) {
            return new TaggingReader(null, split, resumeAt, batchChars).endsWith(TooLateUpload.reason(split));
        }
        BufferedReader lines = null;
        try {
            lines = lines(split.path());
            skip(lines, resumeAt.getRecordsAfterOffset());
            return new TaggingReader(lines, split, resumeAt, batchChars);
        } catch (IOException e) {
            IOUtils.closeQuietly(lines);
            return new TaggingReader(null, split, resumeAt, batchChars).failed(permanent(e));
        }
    }

    /** A restored reader resumes after the lines its checkpoint had already emitted. */
    private static void skip(BufferedReader lines, long count) throws IOException {
        for (long i = 0; i < count; i++) {
            if (lines.readLine() == null) {
                return;
            }
        }
    }

    /**
     * The file's lines, decompressed by its extension ({@code .gz}) as Flink's file formats do. The
     * split already knows the file's size, so unlike Flink's {@code StreamFormatAdapter} this asks
     * S3 for nothing before the read: one request per file fewer.
     */
    private static BufferedReader lines(Path path) throws IOException {
        FSDataInputStream raw = path.getFileSystem().open(path);
        try {
            InflaterInputStreamFactory<?> inflater = StandardDeCompressors.getDecompressorForFileName(path.getPath());
            InputStream in = inflater == null ? raw : inflater.create(raw);
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            IOUtils.closeQuietly(raw);
            throw e;
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
        private final BufferedReader lines;

        private final FileSourceSplit split;
        private final String file;
        private final long batchChars;
        private long linesRead;
        private CheckpointedPosition lastPosition;
        private SourceLine finalMarker;
        private boolean finished;

        /**
         * @param resumeAt where reading starts: the file's start, or a restored checkpoint's position
         * @param batchChars about how much text one batch carries
         */
        TaggingReader(
                @Nullable BufferedReader lines, FileSourceSplit split, CheckpointedPosition resumeAt, long batchChars) {
            this.lines = lines;
            this.split = split;
            this.file = split.path().toString();
            this.batchChars = batchChars;
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
         * Reads a batch at once, each line with its number and the position to resume after it: no
         * byte offset (a line reader cannot seek), the count of lines read, as Flink's text format
         * checkpoints them. Flink's fetcher thread reads the next batch before the task has consumed
         * this one, so the end-of-file marker can only know how many lines the file had if every
         * batch was counted when it was read.
         */
        @Nullable
        @Override
        public RecordIterator<SourceLine> readBatch() throws IOException {
            if (finished) {
                return null;
            }
            if (finalMarker == null) {
                List<SourceLine> batch = new ArrayList<>();
                List<CheckpointedPosition> positions = new ArrayList<>();
                try {
                    long chars = 0;
                    String line;
                    while (chars < batchChars && (line = lines.readLine()) != null) {
                        chars += line.length() + 1;
                        lastPosition = new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, ++linesRead);
                        batch.add(new SourceLine(file, linesRead, line));
                        positions.add(lastPosition);
                    }
                    if (batch.isEmpty()) {
                        finalMarker =
                                SourceLine.endOfFile(file, linesRead, split.fileSize(), split.fileModificationTime());
                    }
                } catch (IOException e) {
                    failed(permanent(e));
                }
                // the lines read before a failure go out first, the marker after them
                if (!batch.isEmpty()) {
                    return new Positioned(batch, positions);
                }
            }
            finished = true;
            return new Positioned(List.of(finalMarker), List.of(lastPosition));
        }

        @Override
        public void close() throws IOException {
            if (lines != null) {
                lines.close();
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
