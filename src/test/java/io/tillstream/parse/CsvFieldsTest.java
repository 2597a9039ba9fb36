package io.tillstream.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 4180 fields, and what the splitter makes of the malformed lines spreadsheets write. */
class CsvFieldsTest {

    @Test
    void plainFields() {
        assertEquals(
                fields("25/08/2021 09:00", "Chesterfield", "", "5.20", "CARD"),
                CsvFields.split("25/08/2021 09:00,Chesterfield,,5.20,CARD"));
    }

    @Test
    void emptyLinesAndEmptyEnds() {
        assertEquals(fields(""), CsvFields.split(""));
        assertEquals(fields("", ""), CsvFields.split(","));
        assertEquals(fields("a", ""), CsvFields.split("a,"));
        assertEquals(fields("", "a"), CsvFields.split(",a"));
    }

    @Test
    void quotedFieldsKeepTheirCommasAndDoubledQuotes() {
        assertEquals(
                fields("x", "Regular Latte - 2.45, Large Mocha - 2.70", "5.15"),
                CsvFields.split("x,\"Regular Latte - 2.45, Large Mocha - 2.70\",5.15"));
        assertEquals(fields("he said \"hi\"", "z"), CsvFields.split("\"he said \"\"hi\"\"\",z"));
        assertEquals(fields("", "x"), CsvFields.split("\"\",x"));
        assertEquals(fields("last, quoted"), CsvFields.split("\"last, quoted\""));
    }

    @Test
    void quotesInsideAFieldOpenAndCloseQuotingThere() {
        assertEquals(fields("abc,de", "f"), CsvFields.split("ab\"c,d\"e,f"));
        assertEquals(fields("ab", "c"), CsvFields.split("\"a\"b,c"));
        assertEquals(fields("ab"), CsvFields.split("a\"\"b"));
    }

    @Test
    void aQuoteLeftOpenIsNoLine() {
        assertEquals(Optional.empty(), CsvFields.split("a,\"open, never closed"));
        assertEquals(Optional.empty(), CsvFields.split("\""));
    }

    private static Optional<List<String>> fields(String... values) {
        return Optional.of(List.of(values));
    }
}
