package io.tillstream.source;

/**
 * One line of a till file as read from the bucket, before any interpretation, or a marker that a
 * file ended. A line still holds PII, so it must never be logged or stored: the parser is its only
 * consumer.
 *
 * @param file the object's full path, e.g. {@code s3://till-drops/in/leeds_23-03-2021_09-00-00.csv}
 * @param lineNumber 1-based line number within the (decompressed) file; for {@link Kind#END_OF_FILE}
 *     the number of lines the file had, for {@link Kind#UNREADABLE} the line that could not be read
 * @param text the line without its terminator; for {@link Kind#UNREADABLE} why it could not be read
 * @param fileSize the object's size in bytes, as listed
 * @param fileModified the object's last-modified time (epoch millis): when it was uploaded
 */
public record SourceLine(String file, long lineNumber, String text, Kind kind, long fileSize, long fileModified) {

    public enum Kind {
        LINE,
        /** The file was read to its end: every line of it precedes this marker. */
        END_OF_FILE,
        /** The rest of the file cannot be read (a corrupt gzip stream, say); nothing follows. */
        UNREADABLE
    }

    /** A line of a file whose size and upload time do not matter (tests, tools). */
    public SourceLine(String file, long lineNumber, String text) {
        this(file, lineNumber, text, Kind.LINE, -1, -1);
    }

    static SourceLine endOfFile(String file, long lines, long fileSize, long fileModified) {
        return new SourceLine(file, lines, "", Kind.END_OF_FILE, fileSize, fileModified);
    }

    static SourceLine unreadable(String file, long lineNumber, String why, long fileSize, long fileModified) {
        return new SourceLine(file, lineNumber, why, Kind.UNREADABLE, fileSize, fileModified);
    }
}
