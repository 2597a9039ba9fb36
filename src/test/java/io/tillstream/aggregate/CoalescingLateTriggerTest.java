package io.tillstream.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The product windows' firing rules, on Flink's own window operator with a controllable clock. */
class CoalescingLateTriggerTest {
    private static final long NINE = Instant.parse("2021-04-05T09:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final Duration LATENESS = Duration.ofDays(2);

    private KeyedOneInputStreamOperatorTestHarness<String, ProductSale, WindowFigure> windows;

    @BeforeEach
    void openWindows() throws Exception {
        WindowOperatorBuilder<ProductSale, String, TimeWindow> builder = new WindowOperatorBuilder<>(
                TumblingEventTimeWindows.of(Duration.ofMinutes(15)),
                new CoalescingLateTrigger(1_000),
                new ExecutionConfig(),
                TypeInformation.of(ProductSale.class),
                ProductSale::windowKey,
                Types.STRING);
        builder.allowedLateness(LATENESS);
        windows = new KeyedOneInputStreamOperatorTestHarness<>(
                builder.aggregate(new AddFigures(), new EmitFigure(15), TypeInformation.of(Figures.class)),
                ProductSale::windowKey,
                Types.STRING);
        windows.open();
    }

    @AfterEach
    void closeWindows() throws Exception {
        windows.close();
    }

    @Test
    void aWindowFiresOnceWhenTheWatermarkPassesItsEnd() throws Exception {
        sell("s1", NINE + MINUTE);
        sell("s2", NINE + 14 * MINUTE);
        windows.processWatermark(NINE + 15 * MINUTE - 1);

        assertEquals(List.of(figure(2, 1)), windows.extractOutputValues());
    }

    @Test
    void lateSalesOfAClosedWindowAreGatheredIntoOneCorrection() throws Exception {
        sell("s1", NINE + MINUTE);
        windows.processWatermark(NINE + 15 * MINUTE - 1);
        sell("s2", NINE + 2 * MINUTE);
        sell("s3", NINE + 3 * MINUTE);
        windows.setProcessingTime(1_000);

        assertEquals(List.of(figure(1, 1), figure(3, 2)), windows.extractOutputValues());
    }

    /** A backlog read faster than the late-firing delay carries the watermark past the lateness. */
    @Test
    void aCorrectionStillPendingWhenTheLatenessEndsFiresBeforeTheWindowIsDropped() throws Exception {
        windows.processWatermark(NINE + 60 * MINUTE);
        sell("s1", NINE + MINUTE);
        windows.processWatermark(NINE + 15 * MINUTE + LATENESS.toMillis());

        assertEquals(List.of(figure(1, 1)), windows.extractOutputValues());
        windows.setProcessingTime(1_000);
        assertEquals(1, windows.extractOutputValues().size(), "and only once");
    }

    private void sell(String saleId, long at) throws Exception {
        windows.processElement(new ProductSale("leeds", "latte", saleId, 1, new BigDecimal("2.50")), at);
    }

    private static WindowFigure figure(long sales, int firing) {
        return new WindowFigure(
                NINE,
                15,
                "leeds",
                "latte",
                sales,
                sales,
                new BigDecimal("2.50").multiply(BigDecimal.valueOf(sales)),
                firing);
    }
}
