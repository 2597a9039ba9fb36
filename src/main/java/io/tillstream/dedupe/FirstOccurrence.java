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
 * output). A key is
 * remembered while event time advances by {@code retention} past the later of its record's
 * timestamp and the watermark when it was seen, then forgotten by an event-time timer. Flink's
 * state TTL counts processing time only, which would forget keys during a backlog and remember
 * them for ever when files stop; counting from the watermark too means a branch's old file,
 * loaded late, is still remembered for the full retention. A repeat that arrives after the key was
 * forgotten reaches the warehouse, whose idempotent inserts drop it.
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
        long seenAt = Math.max(ctx.timestamp(), ctx.timerService().currentWatermark());
        ctx.timerService().registerEventTimeTimer(saturatedAdd(seenAt, retentionMillis));
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
