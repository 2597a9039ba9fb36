package io.tillstream.dedupe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The first of each key passes; repeats go aside; a key is forgotten a retention after it was seen. */
class FirstOccurrenceTest {

    @Test
    void repeatsAreSetAsideUntilTheKeyIsForgottenOnTheWallClock() throws Exception {
        FirstOccurrence<String> first = new FirstOccurrence<>(Duration.ofSeconds(10), "repeats", Types.STRING);
        try (KeyedOneInputStreamOperatorTestHarness<String, String, String> op = harness(first)) {
            op.open();
            op.setStateTtlProcessingTime(1_000);
            op.processElement("sale-a", 0);
            op.processElement("sale-a", Long.MAX_VALUE); // a sale's own time does not matter
            op.setStateTtlProcessingTime(10_999);
            op.processElement("sale-a", 0);
            op.setStateTtlProcessingTime(11_000);
            op.processElement("sale-a", 0);

            assertEquals(List.of("sale-a", "sale-a"), op.extractOutputValues(), "first, and again once forgotten");
            assertEquals(2, op.getSideOutput(first.repeats()).size(), "the repeats inside the retention");
            assertEquals(0, op.numProcessingTimeTimers(), "no timer per key: the state's TTL forgets it");
        }
    }

    /** The heap backend only drops an expired key when something visits it: the operator does, as it goes. */
    @Test
    void forgottenKeysLeaveTheHeapWhileNewOnesArrive() throws Exception {
        FirstOccurrence<String> first = new FirstOccurrence<>(Duration.ofSeconds(10), "repeats", Types.STRING);
        try (KeyedOneInputStreamOperatorTestHarness<String, String, String> op = harness(first)) {
            op.open();
            op.setStateTtlProcessingTime(0);
            for (int i = 0; i < 1_000; i++) {
                op.processElement("old-" + i, 0);
            }
            op.setStateTtlProcessingTime(60_000);
            for (int i = 0; i < 1_000; i++) {
                op.processElement("new-" + i, 0);
            }

            assertEquals(1_000, op.numKeyedStateEntries(), "only the keys inside the retention");
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(FirstOccurrence<String> first)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(first), id -> id, Types.STRING);
    }
}
