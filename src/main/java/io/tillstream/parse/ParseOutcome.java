package io.tillstream.parse;

/** What the parser made of one line: a sale, a rejection, or a blank line that carries nothing. */
public sealed interface ParseOutcome {

    record Parsed(Receipt receipt) implements ParseOutcome {}

    record Rejected(Rejection rejection) implements ParseOutcome {}

    /** Empty or whitespace-only lines, such as the single space the tills leave at the end of a file. */
    record Blank() implements ParseOutcome {}

    /** A header row (a spreadsheet adds one when it re-saves a file): recognised and skipped, never a sale. */
    record Header() implements ParseOutcome {}
}
