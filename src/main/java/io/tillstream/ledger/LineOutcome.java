package io.tillstream.ledger;

import io.tillstream.parse.Receipt;
import io.tillstream.source.SourceLine;

/**
 * What became of some lines of a file, or that a file ended: the ledger's input. Sales report from
 * the dedupe stage (loaded ones tallied per file by {@link LoadedLinesTally}), everything else from
 * the parser.
 *
 * @param count how many lines this outcome stands for; unused for the end markers
 * @param earliestSale for {@link Outcome#LOADED} and {@link Outcome#DUPLICATE}, the earliest sale's
 *     time (epoch millis), otherwise {@link Long#MAX_VALUE}
 * @param latestSale likewise the latest, otherwise {@link Long#MIN_VALUE}
 * @param lines for {@link Outcome#END_OF_FILE}, the number of lines in the file; for {@link
 *     Outcome#UNREADABLE}, the lines read before the rest could not be
 * @param readError for {@link Outcome#UNREADABLE}, why the rest could not be read
 */
public record LineOutcome(
        String file,
        Outcome outcome,
        long count,
        long earliestSale,
        long latestSale,
        long lines,
        long fileSize,
        long fileModified,
        String readError) {

    public enum Outcome {
        LOADED,
        DUPLICATE,
        REJECTED,
        BLANK,
        HEADER,
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
        return line(file, Outcome.REJECTED);
    }

    public static LineOutcome blank(String file) {
        return line(file, Outcome.BLANK);
    }

    public static LineOutcome header(String file) {
        return line(file, Outcome.HEADER);
    }

    /** The end-of-file or unreadable marker of {@code marker}'s file. */
    public static LineOutcome end(SourceLine marker) {
        boolean unreadable = marker.kind() == SourceLine.Kind.UNREADABLE;
        return new LineOutcome(
                marker.file(),
                unreadable ? Outcome.UNREADABLE : Outcome.END_OF_FILE,
                0,
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                unreadable ? marker.lineNumber() - 1 : marker.lineNumber(),
                marker.fileSize(),
                marker.fileModified(),
                unreadable ? marker.text() : "");
    }

    /** Both outcomes of the same file and kind as one. */
    LineOutcome plus(LineOutcome other) {
        return new LineOutcome(
                file,
                outcome,
                count + other.count,
                Math.min(earliestSale, other.earliestSale),
                Math.max(latestSale, other.latestSale),
                lines,
                fileSize,
                fileModified,
                readError);
    }

    private static LineOutcome sale(Receipt receipt, Outcome outcome) {
        long at = receipt.eventTimeMillis();
        return new LineOutcome(receipt.sourceFile(), outcome, 1, at, at, 0, -1, -1, "");
    }

    private static LineOutcome line(String file, Outcome outcome) {
        return new LineOutcome(file, outcome, 1, Long.MAX_VALUE, Long.MIN_VALUE, 0, -1, -1, "");
    }
}
