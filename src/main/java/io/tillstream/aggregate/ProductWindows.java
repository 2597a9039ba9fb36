package io.tillstream.aggregate;

import io.tillstream.parse.Receipt;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Event-time tumbling windows of product figures per branch and product. A window fires when the
 * watermark passes its end and again, a second later, when sales arrive within the allowed
 * lateness, each time with its whole figure, which the warehouse upserts. Later sales are not silently lost: they
 * come out as {@link LateSale}s, counted by the {@code lateProductSales} metric.
 */
public final class ProductWindows {
    private static final TypeInformation<ProductSale> PRODUCT_SALE = TypeInformation.of(ProductSale.class);
    /** How long a closed window gathers late sales before it fires again with the corrected figure. */
    static final long LATE_FIRING_DELAY_MILLIS = 1_000;

    private final SingleOutputStreamOperator<WindowFigure> figures;
    private final DataStream<LateSale> late;

    private ProductWindows(SingleOutputStreamOperator<WindowFigure> figures, DataStream<LateSale> late) {
        this.figures = figures;
        this.late = late;
    }

    /**
     * @param productSales the deduplicated sales, split by product, with event-time timestamps
     * @param uidPrefix stable operator ids are derived from it and the window size
     */
    public static ProductWindows of(
            DataStream<ProductSale> productSales, Duration size, Duration allowedLateness, String uidPrefix) {
        int minutes = Math.toIntExact(size.toMinutes());
        String uid = uidPrefix + "-" + minutes + "min";
        OutputTag<ProductSale> tooLate = new OutputTag<>("too-late-" + minutes, PRODUCT_SALE);
        SingleOutputStreamOperator<WindowFigure> figures = productSales
                .keyBy(ProductSale::windowKey)
                .window(TumblingEventTimeWindows.of(size))
                .trigger(new CoalescingLateTrigger(LATE_FIRING_DELAY_MILLIS))
                .allowedLateness(allowedLateness)
                .sideOutputLateData(tooLate)
                .aggregate(new AddFigures(), new EmitFigure(minutes))
                .uid(uid)
                .name("product figures per " + minutes + " min");
        DataStream<LateSale> late = figures.getSideOutput(tooLate)
                .process(new ToLateSale(size))
                .uid(uid + "-late")
                .name("too late for " + minutes + " min windows");
        return new ProductWindows(figures, late);
    }

    /** The deduplicated receipts as product sales, timestamps kept. */
    public static DataStream<ProductSale> productSales(DataStream<Receipt> sales, String uid) {
        return sales.flatMap((Receipt receipt, Collector<ProductSale> out) ->
                        ProductSale.of(receipt).forEach(out::collect))
                .returns(PRODUCT_SALE)
                .uid(uid)
                .name("product sales");
    }

    public SingleOutputStreamOperator<WindowFigure> figures() {
        return figures;
    }

    public DataStream<LateSale> late() {
        return late;
    }

    /** Files a too-late sale under the window it missed, and counts it. */
    private static final class ToLateSale extends ProcessFunction<ProductSale, LateSale> {
        private static final long serialVersionUID = 1L;

        private final long sizeMillis;
        private transient Counter lateProductSales;

        ToLateSale(Duration size) {
            this.sizeMillis = size.toMillis();
        }

        @Override
        public void open(OpenContext openContext) {
            lateProductSales = getRuntimeContext().getMetricGroup().counter("lateProductSales");
        }

        @Override
        public void processElement(ProductSale sale, Context ctx, Collector<LateSale> out) {
            lateProductSales.inc();
            out.collect(new LateSale(
                    Math.toIntExact(Duration.ofMillis(sizeMillis).toMinutes()),
                    TimeWindow.getWindowStartWithOffset(ctx.timestamp(), 0, sizeMillis),
                    sale.branchId(),
                    sale.productId(),
                    sale.saleId(),
                    sale.items(),
                    sale.revenue()));
        }
    }
}
