package io.tillstream.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillstream.parse.PaymentType;
import io.tillstream.parse.Receipt;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The branch clocks get one sale time per branch and fine window, and decide exactly what they did with every sale's. */
class SaleTimesPerWindowTest {
    private static final Instant NINE = Instant.parse("2021-03-23T09:00:00Z");
    private static final List<Duration> SIZES = List.of(Duration.ofMinutes(15), Duration.ofHours(1));
    private static final long FLUSH = 100;
    private static final long QUIET = 60_000;

    @Test
    void theLatestSaleOfEachBranchAndFineWindowGoesOnWhenTheTimerFires() throws Exception {
        try (OneInputStreamOperatorTestHarness<Receipt, SaleTime> merge = merger()) {
            merge.open();
            for (int minute : new int[] {1, 14, 3, 15}) {
                merge.processElement(sale("leeds", minute), 0);
            }
            merge.processElement(sale("alton", 2), 0);
            assertEquals(List.of(), merge.extractOutputValues(), "nothing before the flush interval");

            merge.setProcessingTime(FLUSH);

            assertEquals(
                    Set.of(time("leeds", 14), time("leeds", 15), time("alton", 2)),
                    Set.copyOf(merge.extractOutputValues()));
        }
    }

    /**
     * Random sales of three branches over three hours, in random order, some days late: the windows
     * refreshed, and those settled once every branch is quiet, are the same merged as one by one.
     */
    @Test
    void branchClocksRefreshAndSettleTheSameWindowsAsWithEverySale() throws Exception {
        Random random = new Random(20261129);
        for (int round = 0; round < 20; round++) {
            List<Receipt> sales = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String branch = List.of("leeds", "alton", "york").get(random.nextInt(3));
                int minute = random.nextInt(3 * 60) - (random.nextInt(10) == 0 ? 3 * 24 * 60 : 0);
                sales.add(sale(branch, minute));
            }
            List<SaleTime> merged = new ArrayList<>();
            try (OneInputStreamOperatorTestHarness<Receipt, SaleTime> merge = merger()) {
                merge.open();
                for (Receipt sale : sales) {
                    merge.processElement(sale, 0);
                }
                merge.prepareSnapshotPreBarrier(1);
                merged.addAll(merge.extractOutputValues());
            }
            assertTrue(merged.size() < sales.size() / 2, "merged: " + merged.size());
            assertEquals(windows(sales.stream().map(SaleTime::of).toList()), windows(merged), "round " + round);
        }
    }

    /** The distinct refreshes the branch clocks send for these sale times, and those once all is quiet. */
    private static Set<WindowRefresh> windows(List<SaleTime> times) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, SaleTime, WindowRefresh> clocks =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new BranchWindows(SIZES, Duration.ofMinutes(30), Duration.ofMillis(QUIET))),
                        SaleTime::branchId,
                        Types.STRING)) {
            clocks.open();
            for (SaleTime time : times) {
                clocks.processElement(time, 0);
            }
            clocks.setProcessingTime(10 * QUIET);
            return new HashSet<>(clocks.extractOutputValues());
        }
    }

    private static OneInputStreamOperatorTestHarness<Receipt, SaleTime> merger() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new SaleTimesPerWindow(SIZES.get(0), FLUSH));
    }

    private static SaleTime time(String branch, int minutesAfterNine) {
        return new SaleTime(branch, NINE.plusSeconds(60L * minutesAfterNine).toEpochMilli());
    }

    private static Receipt sale(String branch, int minutesAfterNine) {
        return new Receipt(
                "sale-" + branch + "-" + minutesAfterNine,
                branch,
                branch,
                NINE.plusSeconds(60L * minutesAfterNine),
                PaymentType.CASH,
                BigDecimal.ONE,
                "",
                List.of(),
                "s3://tills/in/" + branch + ".csv",
                minutesAfterNine);
    }
}
