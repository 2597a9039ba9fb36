package io.tillstream.source;

/**
 * One line of a till file as read from the bucket, before any interpretation. It still holds PII,
 * so it must never be logged or stored: the parser is its only consumer.
 *
 * @param file the object's full path, e.g. {@code s3://till-drops/in/leeds_23-03-2021_09-00-00.csv}
 * @param lineNumber 1-based line number within the (decompressed) file
 * @param text the line without its terminator
 */
public record SourceLine(String file, long lineNumber, String text) {}
