package io.tillstream.ledger;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each file's accounting in keyed state (keyed by path) and emits it as a whole row, at most
 * once per flush interval while the file is loading: absolute figures, so a replay after recovery
 * rewrites the same row rather than adding to it. A file's complete row goes out as its last line
 * is accounted for, so that the checkpoint committing its last sales commits the row too (behind
 * a timer it would wait a checkpoint more, as would the end of a catch-up). A complete file's
 * state is dropped: the source never reads a path twice.
 */
public final class FileLedgerFunction extends KeyedProcessFunction<String, LineOutcome, IngestFileRow> {
    private static final long serialVersionUID = 1L;

    private final long flushIntervalMillis;

    private transient ValueState<IngestFileRow> row;
    private transient ValueState<Boolean> flushPending;
    private transient Counter filesCompleted;
    private transient Counter salesNew;

    public FileLedgerFunction(long flushIntervalMillis) {
        this.flushIntervalMillis = flushIntervalMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        row = getRuntimeContext().getState(new ValueStateDescriptor<>("row", IngestFileRow.class));
        flushPending = getRuntimeContext().getState(new ValueStateDescriptor<>("flush-pending", Boolean.class));
        filesCompleted = getRuntimeContext().getMetricGroup().counter("filesCompleted");
        salesNew = getRuntimeContext().getMetricGroup().counter("salesNew");
    }

    @Override
    public void processElement(LineOutcome outcome, Context ctx, Collector<IngestFileRow> out) throws Exception {
        IngestFileRow current = row.value();
        long now = ctx.timerService().currentProcessingTime();
        IngestFileRow updated = (current == null ? IngestFileRow.first(outcome.file(), now) : current).with(outcome);
        if (outcome.outcome() == LineOutcome.Outcome.LOADED) {
            salesNew.inc(outcome.count());
        }
        if (updated.complete()) {
            emit(updated, out);
            return;
        }
        row.update(updated);
        if (flushPending.value() == null) {
            flushPending.update(Boolean.TRUE);
            ctx.timerService().registerProcessingTimeTimer(now + flushIntervalMillis);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<IngestFileRow> out) throws Exception {
        IngestFileRow current = row.value();
        flushPending.clear();
        if (current != null) {
            emit(current, out);
        }
    }

    /**
     * A complete row is counted and its state dropped; one is found in state only if restored from
     * a build that waited for the timer to emit it.
     */
    private void emit(IngestFileRow current, Collector<IngestFileRow> out) {
        out.collect(current);
        if (current.complete()) {
            filesCompleted.inc();
            row.clear();
        }
    }
}
