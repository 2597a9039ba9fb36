package io.tillstream.dedupe;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets the first record of each key through and drops (and counts) the repeats. A key is
 * remembered for {@code retention} of event time after its record's timestamp, then forgotten by
 * an event-time timer: Flink's state TTL counts processing time only, which would forget keys
 * during a backlog and remember them for ever when files stop. A repeat that arrives after the
 * key was forgotten reaches the warehouse, whose idempotent inserts drop it.
 */
public final class FirstOccurrence<T> extends KeyedProcessFunction<String, T, T> {
    private static final long serialVersionUID = 1L;

    private final long retentionMillis;
    private final String duplicatesMetric;

    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;

    public FirstOccurrence(Duration retention, String duplicatesMetric) {
        this.retentionMillis = retention.toMillis();
        this.duplicatesMetric = duplicatesMetric;
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
            return;
        }
        seen.update(Boolean.TRUE);
        ctx.timerService().registerEventTimeTimer(saturatedAdd(ctx.timestamp(), retentionMillis));
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
