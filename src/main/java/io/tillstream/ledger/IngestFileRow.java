package io.tillstream.ledger;

/**
 * A row of {@code ingest_file_stream}: the stream's own accounting of one file. Once {@code
 * complete}, {@code linesRead = salesNew + duplicatesInState + rejected}; blank and header lines are
 * counted apart and carry nothing. What the warehouse gained is not known here: the {@code
 * ingest_file} view counts it from {@code sale} (see {@code docs/ledger.md}).
 *
 * @param uploadedAt the object's last-modified time (epoch millis), known once the file was read to its end
 * @param firstSeen when the pipeline first saw a line of the file (epoch millis)
 * @param linesRead lines with content: the file's count once read to its end, a running count before
 * @param earliestSale the earliest sale's event time (epoch millis), or {@link Long#MAX_VALUE} if none
 * @param latestSale the latest sale's event time (epoch millis), or {@link Long#MIN_VALUE} if none
 * @param readToEnd the source reached the end of the file (or the point where it became unreadable)
 * @param complete read to its end and every line accounted for
 * @param headerLines header rows (a spreadsheet adds one when it re-saves a file), recognised and skipped
 * @param salesNew lines whose sale id was new to the dedupe state: sent to the warehouse, which may
 *     still find the sale already there
 * @param duplicatesInState lines whose sale id the dedupe state still held
 * @param readError why the file could not be read to its end, or the empty string
 */
public record IngestFileRow(
        String path,
        long sizeBytes,
        long uploadedAt,
        long firstSeen,
        long linesRead,
        long blankLines,
        long headerLines,
        long salesNew,
        long duplicatesInState,
        long rejected,
        long earliestSale,
        long latestSale,
        boolean readToEnd,
        boolean complete,
        String readError) {

    static IngestFileRow first(String path, long now) {
        return new IngestFileRow(path, -1, -1, now, 0, 0, 0, 0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE, false, false, "");
    }

    public boolean hasSales() {
        return earliestSale <= latestSale;
    }

    /** This row with {@code outcome} counted in. */
    IngestFileRow with(LineOutcome outcome) {
        long loaded = salesNew;
        long repeats = duplicatesInState;
        long bad = rejected;
        long blank = blankLines;
        long headers = headerLines;
        switch (outcome.outcome()) {
            case LOADED -> loaded += outcome.count();
            case DUPLICATE -> repeats += outcome.count();
            case REJECTED -> bad += outcome.count();
            case BLANK -> blank += outcome.count();
            case HEADER -> headers += outcome.count();
            case END_OF_FILE, UNREADABLE -> {
                return ended(outcome);
            }
        }
        long earliest = Math.min(earliestSale, outcome.earliestSale());
        long latest = Math.max(latestSale, outcome.latestSale());
        long read = readToEnd ? linesRead : loaded + repeats + bad;
        return new IngestFileRow(
                path,
                sizeBytes,
                uploadedAt,
                firstSeen,
                read,
                blank,
                headers,
                loaded,
                repeats,
                bad,
                earliest,
                latest,
                readToEnd,
                readToEnd && read == loaded + repeats + bad,
                readError);
    }

    /**
     * The source's marker: every blank line and rejection of the file came before it on the same
     * channel, but sales may still be on their way through the dedupe stage.
     */
    private IngestFileRow ended(LineOutcome marker) {
        // the unreadable rest of a file counts as one line, which the parser rejects
        long unreadableRest = marker.outcome() == LineOutcome.Outcome.UNREADABLE ? 1 : 0;
        long read = marker.lines() + unreadableRest - blankLines - headerLines;
        return new IngestFileRow(
                path,
                marker.fileSize(),
                marker.fileModified(),
                firstSeen,
                read,
                blankLines,
                headerLines,
                salesNew,
                duplicatesInState,
                rejected,
                earliestSale,
                latestSale,
                true,
                read == salesNew + duplicatesInState + rejected,
                marker.readError());
    }
}
