package io.tillstream.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillstream.parse.PaymentType;
import io.tillstream.parse.Receipt;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadedLinesTallyTest {
    private static final String LEEDS = "s3://tills/in/leeds_23-03-2021_09-00-00.csv";
    private static final String ALTON = "s3://tills/in/alton_23-03-2021_09-00-00.csv";
    private static final Instant NINE = Instant.parse("2021-03-23T09:00:00Z");

    private OneInputStreamOperatorTestHarness<Receipt, LineOutcome> tally;

    @BeforeEach
    void open() throws Exception {
        tally = new OneInputStreamOperatorTestHarness<>(new LoadedLinesTally(100));
        tally.open();
    }

    @AfterEach
    void close() throws Exception {
        tally.close();
    }

    @Test
    void salesAreCountedPerFileWithTheirTimeSpanAndPassedOnWhenTheTimerFires() throws Exception {
        sell(LEEDS, 5);
        sell(ALTON, 1);
        sell(LEEDS, 2);
        sell(LEEDS, 9);
        assertEquals(List.of(), tally.extractOutputValues(), "nothing before the flush interval");

        tally.setProcessingTime(100);

        assertEquals(
                Set.of(
                        new LineOutcome(LEEDS, LineOutcome.Outcome.LOADED, 3, minute(2), minute(9), 0, -1, -1, ""),
                        new LineOutcome(ALTON, LineOutcome.Outcome.LOADED, 1, minute(1), minute(1), 0, -1, -1, "")),
                Set.copyOf(tally.extractOutputValues()));
    }

    @Test
    void whateverIsCountedGoesOnBeforeTheCheckpointBarrier() throws Exception {
        sell(LEEDS, 5);
        tally.prepareSnapshotPreBarrier(1);

        assertEquals(
                List.of(new LineOutcome(LEEDS, LineOutcome.Outcome.LOADED, 1, minute(5), minute(5), 0, -1, -1, "")),
                tally.extractOutputValues());

        tally.setProcessingTime(100);
        assertEquals(1, tally.extractOutputValues().size(), "counted once, not again when the timer fires");
    }

    private void sell(String file, int minute) throws Exception {
        tally.processElement(
                new Receipt(
                        "sale-" + file.hashCode() + "-" + minute,
                        "branch",
                        "Branch",
                        NINE.plusSeconds(60L * minute),
                        PaymentType.CASH,
                        BigDecimal.ONE,
                        "",
                        List.of(),
                        file,
                        minute),
                0);
    }

    private static long minute(int minute) {
        return NINE.plusSeconds(60L * minute).toEpochMilli();
    }
}
