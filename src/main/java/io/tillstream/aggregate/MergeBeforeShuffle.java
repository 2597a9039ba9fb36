package io.tillstream.aggregate;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.ReduceFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Merges what arrives for the same key and passes one value per key on every {@code flushMillis},
 * so the shuffle after it carries one record per key and interval instead of one per sale. What
 * is merged is passed on before each checkpoint barrier, so a value never spans two checkpoints and
 * the operator needs no state: the keyed stage after it stays the only truth.
 *
 * @param <K> what makes two inputs mergeable; {@code equals} and {@code hashCode} must say so
 */
public class MergeBeforeShuffle<IN, K, OUT> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<IN, OUT> {
    private static final long serialVersionUID = 1L;

    private final KeySelector<IN, K> key;
    private final MapFunction<IN, OUT> value;
    private final ReduceFunction<OUT> merge;
    private final long flushMillis;

    private transient Map<K, OUT> merged;
    private transient boolean flushScheduled;

    public MergeBeforeShuffle(
            KeySelector<IN, K> key, MapFunction<IN, OUT> value, ReduceFunction<OUT> merge, long flushMillis) {
        this.key = key;
        this.value = value;
        this.merge = merge;
        this.flushMillis = flushMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        merged = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<IN> element) throws Exception {
        IN in = element.getValue();
        K k = key.getKey(in);
        OUT next = value.map(in);
        OUT earlier = merged.get(k);
        merged.put(k, earlier == null ? next : merge.reduce(earlier, next));
        if (!flushScheduled) {
            flushScheduled = true;
            long at = getProcessingTimeService().getCurrentProcessingTime() + flushMillis;
            getProcessingTimeService().registerTimer(at, time -> flush());
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        flushScheduled = false;
        for (OUT out : merged.values()) {
            output.collect(new StreamRecord<>(out));
        }
        merged.clear();
    }
}
