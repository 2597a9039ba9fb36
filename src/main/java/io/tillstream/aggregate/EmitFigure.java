package io.tillstream.aggregate;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns a window's totals into its warehouse row, numbering the firings: the on-time one, then one
 * per late correction. Per-window state is cleared with the window when its lateness has passed.
 */
final class EmitFigure extends ProcessWindowFunction<Figures, WindowFigure, String, TimeWindow> {
    private static final long serialVersionUID = 1L;
    private static final ValueStateDescriptor<Integer> FIRINGS = new ValueStateDescriptor<>("firings", Types.INT);

    private final int windowMinutes;

    EmitFigure(int windowMinutes) {
        this.windowMinutes = windowMinutes;
    }

    @Override
    public void process(String key, Context ctx, Iterable<Figures> totals, Collector<WindowFigure> out)
            throws Exception {
        ValueState<Integer> firings = ctx.windowState().getState(FIRINGS);
        int firing = firings.value() == null ? 1 : firings.value() + 1;
        firings.update(firing);
        Figures figures = totals.iterator().next();
        int split = key.indexOf('|');
        out.collect(new WindowFigure(
                ctx.window().getStart(),
                windowMinutes,
                key.substring(0, split),
                key.substring(split + 1),
                figures.sales(),
                figures.items(),
                figures.revenue(),
                firing));
    }

    @Override
    public void clear(Context ctx) {
        ctx.windowState().getState(FIRINGS).clear();
    }
}
