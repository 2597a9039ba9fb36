package io.tillstream.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.connector.jdbc.datasource.transactions.xa.domain.TransactionId;
import org.junit.jupiter.api.Test;

/** What the connector's writer is handed when a subtask restores the states of several. */
class RescalableXaSinkTest {
    private static final byte[] JOB = new JobID().getBytes();

    @Test
    void theStatesOfSeveralSubtasksBecomeOneWithAllTheirTransactions() {
        JdbcWriterState first = JdbcWriterState.of(List.of(id(0, 6)), List.of(id(0, 7)));
        JdbcWriterState second = JdbcWriterState.of(List.of(), List.of(id(1, 7)));

        assertEquals(
                List.of(JdbcWriterState.of(List.of(id(0, 6)), List.of(id(0, 7), id(1, 7)))),
                RescalableXaSink.merged(List.of(first, second)));
    }

    @Test
    void noneOrOneStateIsHandedOnAsItIs() {
        JdbcWriterState one = JdbcWriterState.of(List.of(id(0, 6)), List.of(id(0, 7)));

        assertEquals(List.of(), RescalableXaSink.merged(List.of()));
        assertEquals(List.of(one), RescalableXaSink.merged(List.of(one)));
    }

    private static TransactionId id(int subtask, long checkpoint) {
        return TransactionId.restore(JOB, subtask, 2, checkpoint, 0);
    }
}
