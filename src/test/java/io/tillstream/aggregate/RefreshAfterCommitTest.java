package io.tillstream.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Refreshes wait for the checkpoint that commits their sales, merge per window, and survive a rescale. */
class RefreshAfterCommitTest {
    private static final int MAX_PARALLELISM = 128;

    @Test
    void refreshesGoOutWhenTheCheckpointAfterThemCompletesEachWindowOnce() throws Exception {
        try (OneInputStreamOperatorTestHarness<WindowRefresh, RefreshBatch> op = harness(1, 0)) {
            op.open();
            op.processElement(refresh("leeds", 0, false), 0);
            op.processElement(refresh("leeds", 0, true), 0);
            op.processElement(refresh("leeds", 0, false), 0);
            op.processElement(refresh("york", 0, false), 0);
            op.snapshot(1, 1);
            op.processElement(refresh("leeds", 15, false), 0);
            assertEquals(List.of(), refreshes(op), "nothing before its sales are committed");

            op.notifyOfCompletedCheckpoint(1);
            assertEquals(
                    List.of(refresh("leeds", 0, true), refresh("york", 0, false)),
                    refreshes(op),
                    "one refresh per window, settled if any was; what came after the barrier waits");

            op.snapshot(2, 2);
            op.notifyOfCompletedCheckpoint(2);
            assertEquals(
                    List.of(refresh("leeds", 0, true), refresh("york", 0, false), refresh("leeds", 15, false)),
                    refreshes(op));
        }
    }

    @Test
    void aCheckpointThatNeverCompletesIsCoveredByTheNextThatDoes() throws Exception {
        try (OneInputStreamOperatorTestHarness<WindowRefresh, RefreshBatch> op = harness(1, 0)) {
            op.open();
            op.processElement(refresh("leeds", 0, false), 0);
            op.snapshot(1, 1);
            op.processElement(refresh("leeds", 15, false), 0);
            op.snapshot(2, 2);
            op.notifyOfCompletedCheckpoint(2);
            assertEquals(List.of(refresh("leeds", 0, false), refresh("leeds", 15, false)), refreshes(op));
        }
    }

    @Test
    void refreshesAwaitingCommitSurviveARescaleEachWithTheSubtaskThatNowOwnsItsBranch() throws Exception {
        List<String> branches = List.of("leeds", "york", "chesterfield", "uppingham", "longridge", "soho");
        OperatorSubtaskState snapshot;
        try (OneInputStreamOperatorTestHarness<WindowRefresh, RefreshBatch> op = harness(1, 0)) {
            op.open();
            for (String branch : branches) {
                op.processElement(refresh(branch, 0, false), 0);
            }
            snapshot = op.snapshot(1, 1);
        }

        List<WindowRefresh> all = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            OperatorSubtaskState share = AbstractStreamOperatorTestHarness.repartitionOperatorState(
                    snapshot, MAX_PARALLELISM, 1, 2, subtask);
            try (OneInputStreamOperatorTestHarness<WindowRefresh, RefreshBatch> op = harness(2, subtask)) {
                op.initializeState(share);
                op.open();
                op.snapshot(2, 2);
                op.notifyOfCompletedCheckpoint(2);
                for (WindowRefresh refresh : refreshes(op)) {
                    assertEquals(
                            subtask,
                            KeyGroupRangeAssignment.assignKeyToParallelOperator(refresh.branchId(), MAX_PARALLELISM, 2),
                            refresh + " went to a subtask that does not own its branch");
                    all.add(refresh);
                }
            }
        }
        assertEquals(branches.size(), all.size(), "every refresh went out exactly once: " + all);
    }

    @Test
    void aWindowSettledAfterItsLastRefreshWentOutIsOnlyMarkedFinalUnlessRestored() throws Exception {
        OperatorSubtaskState snapshot;
        try (OneInputStreamOperatorTestHarness<WindowRefresh, RefreshBatch> op = harness(1, 0)) {
            op.open();
            op.processElement(refresh("leeds", 0, false), 0);
            op.processElement(refresh("york", 0, false), 0);
            op.snapshot(1, 1);
            op.notifyOfCompletedCheckpoint(1);
            op.processElement(refresh("leeds", 0, true), 0);
            op.processElement(refresh("york", 0, false), 0);
            op.processElement(refresh("york", 0, true), 0);
            op.processElement(refresh("york", 15, true), 0);
            snapshot = op.snapshot(2, 2);
            op.notifyOfCompletedCheckpoint(2);
            assertEquals(
                    List.of(refresh("leeds", 0, false), refresh("york", 0, false), refresh("york", 0, true)),
                    refreshes(op),
                    "york 0 was touched again: recomputed");
            assertEquals(
                    List.of(refresh("leeds", 0, true), refresh("york", 15, true)),
                    marked(op),
                    "leeds 0 is current since checkpoint 1: only marked final");
        }
        try (OneInputStreamOperatorTestHarness<WindowRefresh, RefreshBatch> op = harness(1, 0)) {
            op.initializeState(snapshot);
            op.open();
            op.snapshot(3, 3);
            op.notifyOfCompletedCheckpoint(3);
            assertEquals(
                    List.of(refresh("leeds", 0, true), refresh("york", 0, true), refresh("york", 15, true)),
                    refreshes(op),
                    "restored: whether a refresh went out before cannot be told, so all are recomputed");
            assertEquals(List.of(), marked(op));
        }
    }

    /**
     * The window sink waits for the sale transactions of the checkpoint a batch names (see
     * SaleCommits): every batch names the one whose completion released it, and the job.
     */
    @Test
    void eachBatchNamesTheCheckpointThatReleasedItAndTheJob() throws Exception {
        OperatorSubtaskState snapshot;
        try (OneInputStreamOperatorTestHarness<WindowRefresh, RefreshBatch> op = harness(1, 0)) {
            op.open();
            op.processElement(refresh("leeds", 0, false), 0);
            op.snapshot(1, 1);
            op.processElement(refresh("leeds", 15, false), 0);
            snapshot = op.snapshot(2, 2);
            op.notifyOfCompletedCheckpoint(2);
            String job = op.getEnvironment().getJobID().toHexString();
            assertEquals(List.of(new Released(job, 2, 2)), released(op));
        }
        try (OneInputStreamOperatorTestHarness<WindowRefresh, RefreshBatch> op = harness(1, 0)) {
            op.initializeState(snapshot);
            op.open();
            op.snapshot(7, 7);
            op.notifyOfCompletedCheckpoint(7);
            op.processElement(refresh("leeds", 30, false), 0);
            op.endInput();
            String job = op.getEnvironment().getJobID().toHexString();
            assertEquals(
                    List.of(new Released(job, 7, 2), new Released(job, 0, 1)),
                    released(op),
                    "restored refreshes go out with the first checkpoint after the restore; the end of a"
                            + " bounded input names none (0)");
        }
    }

    private record Released(String jobId, long completedCheckpoint, int windows) {}

    private static List<Released> released(OneInputStreamOperatorTestHarness<WindowRefresh, RefreshBatch> op) {
        return op.extractOutputValues().stream()
                .map(batch -> new Released(
                        batch.jobId(),
                        batch.completedCheckpoint(),
                        batch.refreshes().size()))
                .toList();
    }

    @Test
    void aBoundedInputSendsWhatIsLeftAtItsEnd() throws Exception {
        try (OneInputStreamOperatorTestHarness<WindowRefresh, RefreshBatch> op = harness(1, 0)) {
            op.open();
            op.processElement(refresh("leeds", 0, false), 0);
            op.endInput();
            assertEquals(List.of(refresh("leeds", 0, false)), refreshes(op));
        }
    }

    @Test
    void largeSetsGoOutInBatches() throws Exception {
        try (OneInputStreamOperatorTestHarness<WindowRefresh, RefreshBatch> op =
                new OneInputStreamOperatorTestHarness<>(new RefreshAfterCommit(2))) {
            op.open();
            for (int minute = 0; minute < 75; minute += 15) {
                op.processElement(refresh("leeds", minute, false), 0);
            }
            op.endInput();
            assertEquals(
                    List.of(2, 2, 1),
                    op.extractOutputValues().stream()
                            .map(batch ->
                                    batch.refreshes().size() + batch.markFinal().size())
                            .toList());
        }
    }

    private static OneInputStreamOperatorTestHarness<WindowRefresh, RefreshBatch> harness(int parallelism, int subtask)
            throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new RefreshAfterCommit(100), MAX_PARALLELISM, parallelism, subtask);
    }

    private static List<WindowRefresh> refreshes(OneInputStreamOperatorTestHarness<WindowRefresh, RefreshBatch> op) {
        return op.extractOutputValues().stream()
                .flatMap(batch -> batch.refreshes().stream())
                .toList();
    }

    private static List<WindowRefresh> marked(OneInputStreamOperatorTestHarness<WindowRefresh, RefreshBatch> op) {
        return op.extractOutputValues().stream()
                .flatMap(batch -> batch.markFinal().stream())
                .toList();
    }

    private static WindowRefresh refresh(String branch, int startMinute, boolean settled) {
        return new WindowRefresh(15, startMinute * 60_000L, branch, settled);
    }
}
