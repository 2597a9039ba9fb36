package io.tillstream.aggregate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Tracks, for one branch, which windows its sales touch and when each is final, on the branch's
 * own clock: the newest sale time seen from that branch. Every till is its own clock, so a branch
 * that uploads days late, a backlog read in any order, or another branch's till running ahead never
 * decides anything about this branch's windows, as one global watermark would.
 *
 * <p>Each sale asks for its windows to be recomputed ({@link WindowRefresh}); the figures
 * themselves come from the warehouse, so no sale is ever too late to count. A window is marked
 * final once no sale has touched it for {@code finalAfterIdle} and either the branch's clock has
 * passed its end by the out-of-orderness (later files of the branch have moved on) or the branch
 * itself has been quiet that long (a till's last file of the day has nothing after it). Being
 * untouched matters for a backlog read out of order: an old file's windows are behind the clock
 * from their first sale, and must not be called final while that file is still being read.
 *
 * <p>State per branch: its clock, the windows not final yet with when each was last touched, and
 * one timer.
 */
public final class BranchWindows extends KeyedProcessFunction<String, SaleTime, WindowRefresh> {
    private static final long serialVersionUID = 1L;

    private final long[] sizesMillis;
    private final long outOfOrdernessMillis;
    private final long finalAfterIdleMillis;

    private transient ValueState<Long> clock;
    private transient ValueState<Long> lastSaleSeenAt;
    private transient ValueState<Long> timer;
    /** (window minutes, window start) of the windows not final yet, to when a sale last touched each. */
    private transient MapState<Tuple2<Integer, Long>, Long> open;

    /** @param sizes window sizes, each a whole number of minutes */
    public BranchWindows(List<Duration> sizes, Duration outOfOrderness, Duration finalAfterIdle) {
        this.sizesMillis = sizes.stream().mapToLong(Duration::toMillis).toArray();
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.finalAfterIdleMillis = finalAfterIdle.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        clock = getRuntimeContext().getState(new ValueStateDescriptor<>("clock", Types.LONG));
        lastSaleSeenAt = getRuntimeContext().getState(new ValueStateDescriptor<>("last-sale-seen-at", Types.LONG));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Types.LONG));
        open = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("open-windows", Types.TUPLE(Types.INT, Types.LONG), Types.LONG));
    }

    @Override
    public void processElement(SaleTime sale, Context ctx, Collector<WindowRefresh> out) throws Exception {
        String branch = ctx.getCurrentKey();
        long now = ctx.timerService().currentProcessingTime();
        long time = sale.eventTimeMillis();
        for (long size : sizesMillis) {
            long start = time - Math.floorMod(time, size);
            int minutes = Math.toIntExact(size / 60_000L);
            open.put(Tuple2.of(minutes, start), now);
            out.collect(new WindowRefresh(minutes, start, branch, false));
        }
        Long current = clock.value();
        if (current == null || time > current) {
            clock.update(time);
        }
        lastSaleSeenAt.update(now);
        if (timer.value() == null) {
            schedule(now + finalAfterIdleMillis, ctx.timerService());
        }
    }

    @Override
    public void onTimer(long now, OnTimerContext ctx, Collector<WindowRefresh> out) throws Exception {
        timer.clear();
        String branch = ctx.getCurrentKey();
        long branchClock = clock.value();
        long branchQuietAt = lastSaleSeenAt.value() + finalAfterIdleMillis;
        long next = Long.MAX_VALUE;
        List<Tuple2<Integer, Long>> due = new ArrayList<>();
        for (Map.Entry<Tuple2<Integer, Long>, Long> entry : open.entries()) {
            Tuple2<Integer, Long> window = entry.getKey();
            long windowQuietAt = entry.getValue() + finalAfterIdleMillis;
            long windowEnd = window.f1 + window.f0 * 60_000L;
            boolean branchMovedOn = windowEnd + outOfOrdernessMillis <= branchClock;
            if (windowQuietAt <= now && (branchMovedOn || branchQuietAt <= now)) {
                due.add(window);
            } else {
                next = Math.min(next, windowQuietAt > now ? windowQuietAt : branchQuietAt);
            }
        }
        for (Tuple2<Integer, Long> window : due) {
            open.remove(window);
            out.collect(new WindowRefresh(window.f0, window.f1, branch, true));
        }
        if (next != Long.MAX_VALUE) {
            schedule(next, ctx.timerService());
        }
    }

    /** One timer per branch at a time: it settles what is due and sets the next one. */
    private void schedule(long at, TimerService timers) throws Exception {
        timer.update(at);
        timers.registerProcessingTimeTimer(at);
    }
}
