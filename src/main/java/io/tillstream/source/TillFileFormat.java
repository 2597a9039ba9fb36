package io.tillstream.source;

import java.io.FileNotFoundException;
import java.io.IOException;
import javax.annotation.Nullable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.connector.file.src.util.MutableRecordAndPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads till files line by line and tags each line with its file and line number, which a plain
 * {@link TextLineInputFormat} cannot: a stream format never learns which file it reads. Wrapping
 * the adapted text format keeps Flink's decompression ({@code .gz} by extension) and its
 * checkpointed reader positions, so a restored job resumes mid-file at the right line number.
 */
public final class TillFileFormat implements BulkFormat<SourceLine, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TillFileFormat.class);

    private final StreamFormatAdapter<String> lines = new StreamFormatAdapter<>(new TextLineInputFormat());

    /**
     * A file deleted between listing and reading has nothing left to account for: warn and move
     * on, rather than failing the job on every restart.
     */
    @Override
    public Reader<SourceLine> createReader(Configuration config, FileSourceSplit split) throws IOException {
        try {
            return new TaggingReader(
                    lines.createReader(config, split), split.path().toString());
        } catch (FileNotFoundException vanished) {
            LOG.warn("{} was listed but is gone; nothing read from it", split.path());
            return new NothingReader();
        }
    }

    @Override
    public Reader<SourceLine> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return new TaggingReader(
                lines.restoreReader(config, split), split.path().toString());
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<SourceLine> getProducedType() {
        return TypeInformation.of(SourceLine.class);
    }

    private static final class NothingReader implements Reader<SourceLine> {
        @Nullable
        @Override
        public RecordIterator<SourceLine> readBatch() {
            return null;
        }

        @Override
        public void close() {}
    }

    private static final class TaggingReader implements Reader<SourceLine> {
        private final Reader<String> delegate;
        private final String file;

        TaggingReader(Reader<String> delegate, String file) {
            this.delegate = delegate;
            this.file = file;
        }

        @Nullable
        @Override
        public RecordIterator<SourceLine> readBatch() throws IOException {
            RecordIterator<String> batch = delegate.readBatch();
            return batch == null ? null : new TaggingIterator(batch, file);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }

    private static final class TaggingIterator implements RecordIterator<SourceLine> {
        private final RecordIterator<String> delegate;
        private final String file;
        private final MutableRecordAndPosition<SourceLine> current = new MutableRecordAndPosition<>();

        TaggingIterator(RecordIterator<String> delegate, String file) {
            this.delegate = delegate;
            this.file = file;
        }

        @Nullable
        @Override
        public RecordAndPosition<SourceLine> next() {
            RecordAndPosition<String> line = delegate.next();
            if (line == null) {
                return null;
            }
            // the skip count is the number of records up to and including this one: its line number
            current.set(
                    new SourceLine(file, line.getRecordSkipCount(), line.getRecord()),
                    line.getOffset(),
                    line.getRecordSkipCount());
            return current;
        }

        @Override
        public void releaseBatch() {
            delegate.releaseBatch();
        }
    }
}
