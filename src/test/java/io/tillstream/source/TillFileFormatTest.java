package io.tillstream.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A till file as the source reads it: numbered lines, the position after each, the closing marker. */
class TillFileFormatTest {
    private static final String TEXT = "first,line\r\nsecond,line\rthird,line\nfourth,café\n";

    @TempDir
    java.nio.file.Path dir;

    @Test
    void everyLineNumberedWithThePositionToResumeAfterItThenTheEnd() throws IOException {
        FileSourceSplit split = split("chesterfield_25-08-2021_09-00-00.csv", TEXT.getBytes(StandardCharsets.UTF_8));

        List<Read> read = readAll(new TillFileFormat().createReader(new Configuration(), split));

        assertEquals(
                List.of(
                        new Read(1, "first,line", SourceLine.Kind.LINE, 1),
                        new Read(2, "second,line", SourceLine.Kind.LINE, 2),
                        new Read(3, "third,line", SourceLine.Kind.LINE, 3),
                        new Read(4, "fourth,café", SourceLine.Kind.LINE, 4),
                        new Read(4, null, SourceLine.Kind.END_OF_FILE, 4)),
                read);
    }

    @Test
    void aGzippedFileReadsAsItsText() throws IOException {
        FileSourceSplit split = split("chesterfield_25-08-2021_09-00-00.csv.gz", gzip(TEXT));

        List<Read> read = readAll(new TillFileFormat().createReader(new Configuration(), split));

        assertEquals(5, read.size());
        assertEquals(new Read(4, "fourth,café", SourceLine.Kind.LINE, 4), read.get(3));
    }

    @Test
    void aRestoredReaderResumesAfterTheCheckpointedLineWithItsNumbering() throws IOException {
        FileSourceSplit split = split("chesterfield_25-08-2021_09-00-00.csv", TEXT.getBytes(StandardCharsets.UTF_8))
                .updateWithCheckpointedPosition(new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 2));

        List<Read> read = readAll(new TillFileFormat().restoreReader(new Configuration(), split));

        assertEquals(
                List.of(
                        new Read(3, "third,line", SourceLine.Kind.LINE, 3),
                        new Read(4, "fourth,café", SourceLine.Kind.LINE, 4),
                        new Read(4, null, SourceLine.Kind.END_OF_FILE, 4)),
                read);
    }

    @Test
    void batchesStayWithinTheFetchSizeAndLoseNoLine() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 1_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Configuration small = new Configuration();
        small.setString("source.file.stream.io-fetch-size", "64b");
        BulkFormat.Reader<SourceLine> reader = new TillFileFormat()
                .createReader(small, split("a.csv", text.toString().getBytes(StandardCharsets.UTF_8)));

        int batches = 0;
        List<Read> read = new ArrayList<>();
        for (BulkFormat.RecordIterator<SourceLine> batch = reader.readBatch();
                batch != null;
                batch = reader.readBatch()) {
            batches++;
            drain(batch, read);
        }
        assertTrue(batches > 100, batches + " batches");
        assertEquals(1_001, read.size());
        assertEquals(new Read(1_000, "line 1000", SourceLine.Kind.LINE, 1_000), read.get(999));
    }

    @Test
    void aFileGoneSinceItWasListedEndsAsUnreadable() throws IOException {
        FileSourceSplit split = split("gone.csv", TEXT.getBytes(StandardCharsets.UTF_8));
        Files.delete(dir.resolve("gone.csv"));

        List<Read> read = readAll(new TillFileFormat().createReader(new Configuration(), split));

        assertEquals(1, read.size());
        assertEquals(SourceLine.Kind.UNREADABLE, read.get(0).kind());
        assertEquals(1, read.get(0).lineNumber());
    }

    @Test
    void aCorruptGzipStreamEndsAsUnreadableAfterTheLinesItGave() throws IOException {
        byte[] whole = gzip(TEXT.repeat(2_000));
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

        List<Read> read =
                readAll(new TillFileFormat().createReader(new Configuration(), split("cut.csv.gz", truncated)));

        Read last = read.get(read.size() - 1);
        assertEquals(SourceLine.Kind.UNREADABLE, last.kind());
        assertEquals(read.size(), last.lineNumber());
    }

    private record Read(long lineNumber, String text, SourceLine.Kind kind, long resumeAfter) {}

    private static List<Read> readAll(BulkFormat.Reader<SourceLine> reader) throws IOException {
        List<Read> read = new ArrayList<>();
        try (reader) {
            for (BulkFormat.RecordIterator<SourceLine> batch = reader.readBatch();
                    batch != null;
                    batch = reader.readBatch()) {
                drain(batch, read);
            }
        }
        return read;
    }

    private static void drain(BulkFormat.RecordIterator<SourceLine> batch, List<Read> read) {
        for (RecordAndPosition<SourceLine> r = batch.next(); r != null; r = batch.next()) {
            SourceLine line = r.getRecord();
            assertEquals(CheckpointedPosition.NO_OFFSET, r.getOffset());
            String text = line.kind() == SourceLine.Kind.LINE ? line.text() : null;
            read.add(new Read(line.lineNumber(), text, line.kind(), r.getRecordSkipCount()));
        }
        batch.releaseBatch();
    }

    private FileSourceSplit split(String name, byte[] content) throws IOException {
        java.nio.file.Path file = dir.resolve(name);
        Files.write(file, content);
        return new FileSourceSplit(
                name,
                new Path(file.toUri()),
                0,
                content.length,
                Files.getLastModifiedTime(file).toMillis(),
                content.length);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
