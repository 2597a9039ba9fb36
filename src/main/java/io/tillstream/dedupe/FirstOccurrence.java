package io.tillstream.dedupe;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Lets the first record of each key through and drops the repeats (counted, and sent to a side
 * output). A key is remembered for {@code retention} after it was first seen, on the wall clock,
 * then forgotten. The wall clock, not event time: the job has no global event time (every branch is
 * its own clock, see {@code BranchWindows}), and a file re-uploaded a week after it was loaded is a
 * week later whatever the sales' own dates. A repeat that arrives after the key was forgotten
 * reaches the warehouse, whose idempotent inserts drop it and whose ledger counts it as a duplicate.
 *
 * <p>Forgetting is Flink's state TTL on processing time, never returning an expired key: exact, and
 * it costs no timer per key. Every checkpoint writes the whole of this state on the heap backend,
 * and a timer per key doubled what it wrote (docs/benchmarks.md). Builds up to 0.1.0 kept keys in
 * {@code seen} with a timer each; restored from their savepoints, those keys are still honoured
 * until their timers forget them, one retention after the upgrade at the latest.
 */
public final class FirstOccurrence<T> extends KeyedProcessFunction<String, T, T> {
    private static final long serialVersionUID = 1L;
    /**
     * Keys the heap backend checks for expiry on each state access, so that memory follows the
     * retention. A new key costs two accesses, so two per access visit the whole state four times
     * faster than it grows; more is wasted work on every record (ten took a tenth of the JVM's CPU
     * in a profile, docs/benchmarks.md).
     */
    private static final int CLEANUP_PER_ACCESS = 2;

    private final Duration retention;
    private final String duplicatesMetric;
    private final OutputTag<T> repeats;

    private transient ValueState<Boolean> firstSeen;
    /** Keys restored from a savepoint of a build up to 0.1.0, each cleared by its own timer. */
    private transient ValueState<Boolean> seenUntilTimer;

    private transient Counter duplicates;

    public FirstOccurrence(Duration retention, String duplicatesMetric, TypeInformation<T> type) {
        this.retention = retention;
        this.duplicatesMetric = duplicatesMetric;
        this.repeats = new OutputTag<>("repeats", type);
    }

    /** The dropped repeats, for whoever must account for them. */
    public OutputTag<T> repeats() {
        return repeats;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> remembered = new ValueStateDescriptor<>("first-seen", Types.BOOLEAN);
        remembered.enableTimeToLive(StateTtlConfig.newBuilder(retention)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupFullSnapshot()
                .cleanupIncrementally(CLEANUP_PER_ACCESS, false)
                .build());
        firstSeen = getRuntimeContext().getState(remembered);
        seenUntilTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.BOOLEAN));
        duplicates = getRuntimeContext().getMetricGroup().counter(duplicatesMetric);
    }

    @Override
    public void processElement(T record, Context ctx, Collector<T> out) throws Exception {
        if (firstSeen.value() != null || seenUntilTimer.value() != null) {
            duplicates.inc();
            ctx.output(repeats, record);
            return;
        }
        firstSeen.update(Boolean.TRUE);
        out.collect(record);
    }

    /** Only the timers of keys restored from a build up to 0.1.0 fire. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) {
        seenUntilTimer.clear();
    }
}
