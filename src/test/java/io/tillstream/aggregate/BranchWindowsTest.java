package io.tillstream.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each branch on its own clock: which windows are refreshed, and when each becomes final. */
class BranchWindowsTest {
    private static final Instant NINE = Instant.parse("2021-04-05T09:00:00Z");
    private static final long QUIET = 5_000;

    private KeyedOneInputStreamOperatorTestHarness<String, SaleTime, WindowRefresh> branches;

    @BeforeEach
    void open() throws Exception {
        branches = harness();
        branches.open();
    }

    @AfterEach
    void close() throws Exception {
        branches.close();
    }

    @Test
    void everySaleAsksForItsFineAndCoarseWindowToBeRecomputedProvisionally() throws Exception {
        sell("leeds", 7);
        sell("leeds", 70);

        assertEquals(
                List.of(
                        provisional(15, 0, "leeds"),
                        provisional(60, 0, "leeds"),
                        provisional(15, 60, "leeds"),
                        provisional(60, 60, "leeds")),
                branches.extractOutputValues());
    }

    @Test
    void aWindowIsFinalOnceItsBranchHasMovedPastItAndNoSaleTouchedItForAWhile() throws Exception {
        sell("leeds", 1);
        sell("leeds", 16);
        sell("leeds", 50);
        branches.getOutput().clear();

        branches.setProcessingTime(QUIET - 1);
        assertEquals(List.of(), branches.extractOutputValues(), "touched less than the quiet time ago");

        sell("leeds", 51); // keeps the branch busy: only windows it has moved past may become final
        branches.getOutput().clear();
        branches.setProcessingTime(QUIET);
        assertEquals(
                Set.of(settled(15, 0, "leeds")),
                Set.copyOf(branches.extractOutputValues()),
                "09:00-09:15 ended 36 min before the newest sale, past the 30-min out-of-orderness;"
                        + " 09:15-09:30 only 21 min, the hour not at all");
    }

    @Test
    void aQuietBranchHasAllItsWindowsFinalAndAnotherBranchDecidesNothingForIt() throws Exception {
        sell("leeds", 1);
        branches.setProcessingTime(1_000);
        sell("york", 3 * 24 * 60); // three days ahead on another till
        branches.getOutput().clear();

        branches.setProcessingTime(QUIET);
        assertEquals(
                Set.of(settled(15, 0, "leeds"), settled(60, 0, "leeds")),
                Set.copyOf(branches.extractOutputValues()),
                "leeds has been quiet; york's clock does not settle leeds, and york is not quiet yet");

        branches.getOutput().clear();
        branches.setProcessingTime(1_000 + QUIET);
        assertEquals(
                Set.of(settled(15, 3 * 24 * 60, "york"), settled(60, 3 * 24 * 60, "york")),
                Set.copyOf(branches.extractOutputValues()));
    }

    @Test
    void anOldFileReadAfterNewerOnesIsNotFinalWhileItIsStillBeingRead() throws Exception {
        sell("leeds", 2 * 24 * 60); // a later day first
        sell("leeds", 5); // then the old day's file: behind the clock from its first sale
        branches.setProcessingTime(QUIET - 1);
        sell("leeds", 20); // still reading the old file
        branches.getOutput().clear();

        branches.setProcessingTime(QUIET);
        assertEquals(
                List.of(settled(15, 0, "leeds")),
                branches.extractOutputValues(),
                "the file has moved on from 09:00-09:15; the windows it is still reading stay open");

        branches.getOutput().clear();
        branches.setProcessingTime(2 * QUIET);
        assertEquals(
                Set.of(
                        settled(15, 15, "leeds"),
                        settled(60, 0, "leeds"),
                        settled(15, 2 * 24 * 60, "leeds"),
                        settled(60, 2 * 24 * 60, "leeds")),
                Set.copyOf(branches.extractOutputValues()),
                "once quiet, every window is final (the branch itself is quiet too)");
    }

    @Test
    void aSaleForAFinalWindowReopensItSoTheFigureIsCorrected() throws Exception {
        sell("leeds", 1);
        branches.setProcessingTime(QUIET);
        branches.getOutput().clear();

        sell("leeds", 2);
        branches.setProcessingTime(2 * QUIET);

        assertEquals(
                List.of(
                        provisional(15, 0, "leeds"),
                        provisional(60, 0, "leeds"),
                        settled(15, 0, "leeds"),
                        settled(60, 0, "leeds")),
                branches.extractOutputValues());
    }

    @Test
    void openWindowsAndTheClockSurviveARestore() throws Exception {
        sell("leeds", 1);
        sell("leeds", 61);
        OperatorSubtaskState snapshot = branches.snapshot(1, 10);
        branches.close();

        branches = harness();
        branches.setup();
        branches.initializeState(snapshot);
        branches.open();
        branches.setProcessingTime(QUIET);

        assertEquals(
                Set.of(
                        settled(15, 0, "leeds"),
                        settled(60, 0, "leeds"),
                        settled(15, 60, "leeds"),
                        settled(60, 60, "leeds")),
                Set.copyOf(branches.extractOutputValues()),
                "the restored timer fires and every window of the quiet branch is final");
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SaleTime, WindowRefresh> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new BranchWindows(
                        List.of(Duration.ofMinutes(15), Duration.ofHours(1)),
                        Duration.ofMinutes(30),
                        Duration.ofMillis(QUIET))),
                SaleTime::branchId,
                Types.STRING);
    }

    private void sell(String branch, int minutesAfterNine) throws Exception {
        branches.processElement(
                new SaleTime(branch, NINE.plusSeconds(60L * minutesAfterNine).toEpochMilli()), 0);
    }

    private static WindowRefresh provisional(int minutes, int startMinutesAfterNine, String branch) {
        return refresh(minutes, startMinutesAfterNine, branch, false);
    }

    private static WindowRefresh settled(int minutes, int startMinutesAfterNine, String branch) {
        return refresh(minutes, startMinutesAfterNine, branch, true);
    }

    private static WindowRefresh refresh(int minutes, int startMinutesAfterNine, String branch, boolean settled) {
        long start = NINE.plusSeconds(60L * startMinutesAfterNine).toEpochMilli();
        return new WindowRefresh(minutes, start - Math.floorMod(start, minutes * 60_000L), branch, settled);
    }
}
