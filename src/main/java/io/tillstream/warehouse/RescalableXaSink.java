package io.tillstream.warehouse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.connector.jdbc.datasource.transactions.xa.domain.TransactionId;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * flink-connector-jdbc's XA sink, restorable at any parallelism.
 *
 * <p>The connector's {@code restoreWriter} refuses more than one restored writer state ("more than
 * one state to recover"), so a savepoint taken at parallelism 2 cannot be restored at 1: every
 * writer fails, for ever. Flink hands each old subtask's state to exactly one new subtask, so the
 * states a subtask receives can be merged into one without sharing anything: the writer then does
 * with the union what it does with a single state, commits every transaction listed as prepared
 * (ignoring those already committed) and rolls back every one listed as hanging, before it starts
 * its own. Everything else, state format included, is the connector's: savepoints taken before
 * this wrapper existed restore unchanged.
 */
final class RescalableXaSink<T>
        implements Sink<T>, SupportsWriterState<T, JdbcWriterState>, SupportsCommitter<JdbcCommitable> {
    private static final long serialVersionUID = 1L;

    private final JdbcSink<T> connector;

    RescalableXaSink(JdbcSink<T> connector) {
        this.connector = connector;
    }

    @Override
    public JdbcWriter<T> createWriter(WriterInitContext context) throws IOException {
        return connector.createWriter(context);
    }

    @Override
    public StatefulSinkWriter<T, JdbcWriterState> restoreWriter(
            WriterInitContext context, Collection<JdbcWriterState> recoveredState) throws IOException {
        return connector.restoreWriter(context, merged(recoveredState));
    }

    /** At most one state: the union of the prepared and of the hanging transactions of all. */
    static List<JdbcWriterState> merged(Collection<JdbcWriterState> states) {
        if (states.size() <= 1) {
            return List.copyOf(states);
        }
        List<TransactionId> prepared = new ArrayList<>();
        List<TransactionId> hanging = new ArrayList<>();
        for (JdbcWriterState state : states) {
            prepared.addAll(state.getPrepared());
            hanging.addAll(state.getHanging());
        }
        return List.of(JdbcWriterState.of(prepared, hanging));
    }

    @Override
    public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
        return connector.getWriterStateSerializer();
    }

    @Override
    public Committer<JdbcCommitable> createCommitter(CommitterInitContext context) throws IOException {
        return connector.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<JdbcCommitable> getCommittableSerializer() {
        return connector.getCommittableSerializer();
    }
}
