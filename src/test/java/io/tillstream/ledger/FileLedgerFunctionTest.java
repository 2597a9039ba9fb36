package io.tillstream.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FileLedgerFunctionTest {
    private static final String LEEDS = "s3://tills/in/leeds_23-03-2021_09-00-00.csv";
    private static final long FLUSH = 1_000;
    private static final long NINE = 1_616_490_000_000L;

    private KeyedOneInputStreamOperatorTestHarness<String, LineOutcome, IngestFileRow> ledger;

    @BeforeEach
    void open() throws Exception {
        ledger = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new FileLedgerFunction(FLUSH)), LineOutcome::file, Types.STRING);
        ledger.open();
    }

    @AfterEach
    void close() throws Exception {
        ledger.close();
    }

    @Test
    void aFileStillLoadingIsWrittenOncePerFlushInterval() throws Exception {
        ledger.processElement(loaded(3), 0);
        ledger.processElement(loaded(2), 0);
        assertEquals(List.of(), ledger.extractOutputValues(), "within the interval");

        ledger.setProcessingTime(FLUSH);

        List<IngestFileRow> rows = ledger.extractOutputValues();
        assertEquals(1, rows.size());
        assertEquals(5, rows.get(0).salesNew());
        assertFalse(rows.get(0).complete());
    }

    @Test
    void aFilesCompleteRowGoesOutAsItsLastLineIsAccountedForAheadOfABarrier() throws Exception {
        ledger.processElement(loaded(3), 0);
        ledger.processElement(endOfFile(4), 0);
        assertEquals(List.of(), ledger.extractOutputValues(), "4 lines read, 3 accounted for");

        ledger.processElement(rejected(), 0);

        List<IngestFileRow> rows = ledger.extractOutputValues();
        assertEquals(1, rows.size(), "no timer needed: the next barrier finds the row already sent");
        IngestFileRow row = rows.get(0);
        assertTrue(row.complete());
        assertEquals(List.of(4L, 3L, 1L), List.of(row.linesRead(), row.salesNew(), row.rejected()));

        ledger.setProcessingTime(FLUSH);
        assertEquals(1, ledger.extractOutputValues().size(), "written once: the pending timer finds nothing");
        assertEquals(0, ledger.numKeyedStateEntries(), "a complete file's state is dropped");
    }

    private static LineOutcome loaded(long sales) {
        return new LineOutcome(LEEDS, LineOutcome.Outcome.LOADED, sales, NINE, NINE, 0, -1, -1, "");
    }

    private static LineOutcome rejected() {
        return LineOutcome.rejected(LEEDS);
    }

    private static LineOutcome endOfFile(long lines) {
        return new LineOutcome(
                LEEDS, LineOutcome.Outcome.END_OF_FILE, 0, Long.MAX_VALUE, Long.MIN_VALUE, lines, 120, 7, "");
    }
}
