package io.tillstream.aggregate;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Fires a window when the watermark passes its end, like Flink's event-time trigger, but gathers
 * the late sales of a closed window for a moment and fires once for all of them. The stock trigger
 * fires once per late element: a branch's day-old file would rewrite each of its windows once per
 * sale, where one rewrite with the corrected figure says the same.
 */
final class CoalescingLateTrigger extends Trigger<Object, TimeWindow> {
    private static final long serialVersionUID = 1L;
    private static final ValueStateDescriptor<Long> LATE_FIRING =
            new ValueStateDescriptor<>("late-firing-at", Types.LONG);

    private final long lateDelayMillis;

    CoalescingLateTrigger(long lateDelayMillis) {
        this.lateDelayMillis = lateDelayMillis;
    }

    @Override
    public TriggerResult onElement(Object element, long timestamp, TimeWindow window, TriggerContext ctx)
            throws Exception {
        if (window.maxTimestamp() > ctx.getCurrentWatermark()) {
            ctx.registerEventTimeTimer(window.maxTimestamp());
            return TriggerResult.CONTINUE;
        }
        ValueState<Long> lateFiring = ctx.getPartitionedState(LATE_FIRING);
        if (lateFiring.value() == null) {
            long at = ctx.getCurrentProcessingTime() + lateDelayMillis;
            lateFiring.update(at);
            ctx.registerProcessingTimeTimer(at);
        }
        return TriggerResult.CONTINUE;
    }

    /**
     * Called at the window's end and again at its clean-up time (end plus allowed lateness). A late
     * firing still pending at clean-up fires now: the window's contents are dropped right after,
     * and a backlog read faster than the late-firing delay would otherwise lose those sales.
     */
    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) throws Exception {
        if (time == window.maxTimestamp()) {
            return TriggerResult.FIRE;
        }
        ValueState<Long> lateFiring = ctx.getPartitionedState(LATE_FIRING);
        if (lateFiring.value() == null) {
            return TriggerResult.CONTINUE;
        }
        ctx.deleteProcessingTimeTimer(lateFiring.value());
        lateFiring.clear();
        return TriggerResult.FIRE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) throws Exception {
        ctx.getPartitionedState(LATE_FIRING).clear();
        return TriggerResult.FIRE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) throws Exception {
        ctx.deleteEventTimeTimer(window.maxTimestamp());
        ValueState<Long> lateFiring = ctx.getPartitionedState(LATE_FIRING);
        if (lateFiring.value() != null) {
            ctx.deleteProcessingTimeTimer(lateFiring.value());
            lateFiring.clear();
        }
    }
}
