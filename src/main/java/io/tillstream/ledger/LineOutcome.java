package io.tillstream.ledger;

import io.tillstream.parse.Receipt;
import io.tillstream.source.SourceLine;

/**
 * What became of one line of a file, or that a file ended: the ledger's input. Sales report from
 * the dedupe stage, everything else from the parser.
 *
 * @param eventTime the sale's time (epoch millis) for {@link Outcome#LOADED} and {@link
 *     Outcome#DUPLICATE}; otherwise unused
 * @param lines for {@link Outcome#END_OF_FILE}, the number of lines in the file; for {@link
 *     Outcome#UNREADABLE}, the lines read before the rest could not be
 * @param readError for {@link Outcome#UNREADABLE}, why the rest could not be read
 */
public record LineOutcome(
        String file, Outcome outcome, long eventTime, long lines, long fileSize, long fileModified, String readError) {

    public enum Outcome {
        LOADED,
        DUPLICATE,
        REJECTED,
        BLANK,
        END_OF_FILE,
        UNREADABLE
    }

    public static LineOutcome loaded(Receipt receipt) {
        return sale(receipt, Outcome.LOADED);
    }

    public static LineOutcome duplicate(Receipt receipt) {
        return sale(receipt, Outcome.DUPLICATE);
    }

    public static LineOutcome rejected(String file) {
        return new LineOutcome(file, Outcome.REJECTED, 0, 0, -1, -1, "");
    }

    public static LineOutcome blank(String file) {
        return new LineOutcome(file, Outcome.BLANK, 0, 0, -1, -1, "");
    }

    /** The end-of-file or unreadable marker of {@code marker}'s file. */
    public static LineOutcome end(SourceLine marker) {
        boolean unreadable = marker.kind() == SourceLine.Kind.UNREADABLE;
        return new LineOutcome(
                marker.file(),
                unreadable ? Outcome.UNREADABLE : Outcome.END_OF_FILE,
                0,
                unreadable ? marker.lineNumber() - 1 : marker.lineNumber(),
                marker.fileSize(),
                marker.fileModified(),
                unreadable ? marker.text() : "");
    }

    private static LineOutcome sale(Receipt receipt, Outcome outcome) {
        return new LineOutcome(receipt.sourceFile(), outcome, receipt.eventTimeMillis(), 0, -1, -1, "");
    }
}
