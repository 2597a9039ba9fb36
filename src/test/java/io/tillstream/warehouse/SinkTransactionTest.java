package io.tillstream.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillstream.warehouse.WarehouseSinks.Scope;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sinks' prepared transactions as PostgreSQL lists them, and which of them a refresh waits for. */
class SinkTransactionTest {
    private static final String JOB = "00112233445566778899aabbccddeeff";
    private static final String OTHER_JOB = "ffeeddccbbaa99887766554433221100";

    /**
     * What PostgreSQL's JDBC driver names the transaction that subtask 1 of 2 of the sale sink of job
     * {@value #JOB} opened at checkpoint 41: pinned, as PostgreSQL stores it (the connector's ids end
     * in zeros, the unused rest of the buffer it serialised them into).
     */
    @Test
    void aGidOfTheSaleSinkNamesItsJobSubtaskAndCheckpoint() {
        assertEquals(
                Optional.of(new SinkTransaction(
                        "202_AQARIjNEVWZ3iJmqu8zd7v8AAAABAAAAAAAAAAAAAAAAAAA=_AAAAAgAAAAAAAAApAA==",
                        Scope.SALE,
                        JOB,
                        1,
                        41,
                        "t")),
                SinkTransaction.parse(
                        "202_AQARIjNEVWZ3iJmqu8zd7v8AAAABAAAAAAAAAAAAAAAAAAA=_AAAAAgAAAAAAAAApAA==", "t"));
        assertEquals(
                Scope.WINDOW,
                SinkTransaction.parse("202_BgARIjNEVWZ3iJmqu8zd7v8AAAAAAAAAAAAAAAAAAAAAAAA=_AAAAAgAAAAAAAAAHAA==", "t")
                        .orElseThrow()
                        .sink());
    }

    @Test
    void anotherApplicationsTransactionsAreNotOurs() {
        assertEquals(Optional.empty(), SinkTransaction.parse("nightly-export-17", "t"));
        assertEquals(
                Optional.empty(), SinkTransaction.parse("7_YW5vdGhlci1hcHBsaWNhdGlvbg==_AQ==", "t"), "another format");
        assertEquals(
                Optional.empty(),
                SinkTransaction.parse("202_ASIzRFVmd4iZqrvM3e7/AAAAAAEAAAAAAAAAAAAAAAAAAA==_AAAAAgAAAAAAAAApAA==", "t"),
                "another Flink job's, without a scope byte, whose job id starts with the sale sink's tag");
        assertEquals(
                Optional.empty(),
                SinkTransaction.parse("202_BwARIjNEVWZ3iJmqu8zd7v8AAAAAAAAAAAAAAAAAAAAAAAA=_AAAAAgAAAAAAAAAHAA==", "t"),
                "scope byte 7: a sink of builds before product figures v2");
    }

    /**
     * Checkpoint 5 completed: it prepared the sale transactions labelled 4 and earlier. The one
     * labelled 5 is prepared by checkpoint 6, which may not come before the refresh has run.
     */
    @Test
    void aRefreshWaitsForThisJobsSaleTransactionsOfItsCheckpointOnly() {
        SinkTransaction earlier = transaction(Scope.SALE, JOB, 0, 3);
        SinkTransaction ofTheCheckpoint = transaction(Scope.SALE, JOB, 1, 4);
        List<SinkTransaction> prepared = List.of(
                earlier,
                ofTheCheckpoint,
                transaction(Scope.SALE, JOB, 0, 5),
                transaction(Scope.SALE, OTHER_JOB, 0, 3),
                transaction(Scope.WINDOW, JOB, 0, 3),
                transaction(Scope.LEDGER, JOB, 0, 4));
        assertEquals(List.of(earlier, ofTheCheckpoint), SaleCommits.awaited(prepared, JOB, 5));
    }

    private static SinkTransaction transaction(Scope sink, String job, int subtask, long checkpoint) {
        return new SinkTransaction("gid", sink, job, subtask, checkpoint, "t");
    }
}
