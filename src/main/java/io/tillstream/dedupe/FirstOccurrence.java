package io.tillstream.dedupe;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
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
 * then forgotten by a processing-time timer. The wall clock, not event time: the job has no global
 * event time (every branch is its own clock, see {@code BranchWindows}), and a file re-uploaded a
 * week after it was loaded is a week later whatever the sales' own dates. A timer rather than
 * Flink's state TTL, so that expiry is exact and visible in tests. A repeat that arrives after the
 * key was forgotten reaches the warehouse, whose idempotent inserts drop it and whose ledger
 * counts it as a duplicate.
 */
public final class FirstOccurrence<T> extends KeyedProcessFunction<String, T, T> {
    private static final long serialVersionUID = 1L;

    private final long retentionMillis;
    private final String duplicatesMetric;
    private final OutputTag<T> repeats;

    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;

    public FirstOccurrence(Duration retention, String duplicatesMetric, TypeInformation<T> type) {
        this.retentionMillis = retention.toMillis();
        this.duplicatesMetric = duplicatesMetric;
        this.repeats = new OutputTag<>("repeats", type);
    }

    /** The dropped repeats, for whoever must account for them. */
    public OutputTag<T> repeats() {
        return repeats;
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.BOOLEAN));
        duplicates = getRuntimeContext().getMetricGroup().counter(duplicatesMetric);
    }

    @Override
    public void processElement(T record, Context ctx, Collector<T> out) throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            ctx.output(repeats, record);
            return;
        }
        seen.update(Boolean.TRUE);
        ctx.timerService()
                .registerProcessingTimeTimer(saturatedAdd(ctx.timerService().currentProcessingTime(), retentionMillis));
        out.collect(record);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) {
        seen.clear();
    }

    private static long saturatedAdd(long timestamp, long millis) {
        long sum = timestamp + millis;
        return sum < timestamp ? Long.MAX_VALUE : sum;
    }
}
