package io.tillstream.aggregate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Holds window refreshes back until the sales behind them are committed, then sends them on in
 * batches. A refresh received before checkpoint N's barrier goes out when checkpoint N completes,
 * naming N: by then the sale sink has committed its transaction for N (at the barrier, or, if that
 * commit failed, the window sink waits for its retry), so the recomputation, in the window sink's
 * next transaction, reads those sales. Refreshes of one window merge into one.
 *
 * <p>A window is settled only after a while untouched, so its last recomputation has usually gone
 * out before; then it is only marked final, which halves the work of the windows in a backlog (each
 * was recomputed twice). It is recomputed again if a sale touched it since (a refresh of it is due
 * with the settling) or if the settling was restored from a checkpoint, which cannot tell.
 *
 * <p>Chained after {@link BranchWindows}, it keeps that stage's partitioning by branch, so one sink
 * subtask writes all of a branch's rows and no two transactions wait on each other's row locks
 * (DESIGN.md, trap 4). Refreshes restored from a checkpoint are union state: each subtask keeps
 * those of the branches whose key group it owns now, so a rescale keeps that rule too, and sends
 * them once the first checkpoint after the restore completes.
 */
public final class RefreshAfterCommit extends AbstractStreamOperator<RefreshBatch>
        implements OneInputStreamOperator<WindowRefresh, RefreshBatch>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    /** Restored refreshes wait for the first checkpoint that completes after the restore. */
    private static final long RESTORED = Long.MIN_VALUE;

    private final int batchSize;

    private transient Map<WindowRefresh, Due> sinceLastBarrier;
    private transient NavigableMap<Long, Map<WindowRefresh, Due>> awaitingCommit;
    private transient ListState<WindowRefresh> pending;
    private transient String jobId;

    public RefreshAfterCommit(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        sinceLastBarrier = new LinkedHashMap<>();
        awaitingCommit = new TreeMap<>();
        jobId = getRuntimeContext().getJobInfo().getJobId().toHexString();
        pending = context.getOperatorStateStore()
                .getUnionListState(
                        new ListStateDescriptor<>("pending-refreshes", TypeInformation.of(WindowRefresh.class)));
        if (context.isRestored()) {
            Map<WindowRefresh, Due> restored = new LinkedHashMap<>();
            int maxParallelism = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
            int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
            int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            for (WindowRefresh refresh : pending.get()) {
                if (KeyGroupRangeAssignment.assignKeyToParallelOperator(refresh.branchId(), maxParallelism, parallelism)
                        == subtask) {
                    add(restored, new Due(refresh, true));
                }
            }
            if (!restored.isEmpty()) {
                awaitingCommit.put(RESTORED, restored);
            }
        }
    }

    @Override
    public void processElement(StreamRecord<WindowRefresh> element) {
        WindowRefresh refresh = element.getValue();
        add(sinceLastBarrier, new Due(refresh, !refresh.settled()));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (!sinceLastBarrier.isEmpty()) {
            awaitingCommit.put(context.getCheckpointId(), sinceLastBarrier);
            sinceLastBarrier = new LinkedHashMap<>();
        }
        List<WindowRefresh> all = new ArrayList<>();
        awaitingCommit.values().forEach(due -> due.values().forEach(d -> all.add(d.refresh())));
        pending.update(all);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        NavigableMap<Long, Map<WindowRefresh, Due>> committed = awaitingCommit.headMap(checkpointId, true);
        Map<WindowRefresh, Due> due = merged(committed.values());
        committed.clear();
        emit(due, checkpointId);
    }

    /**
     * A bounded run (tests with bounded sources) has no checkpoint after its last records that
     * could still deliver refreshes, so they go out at the end of the input.
     */
    @Override
    public void endInput() {
        List<Map<WindowRefresh, Due>> all = new ArrayList<>(awaitingCommit.values());
        all.add(sinceLastBarrier);
        Map<WindowRefresh, Due> due = merged(all);
        awaitingCommit.clear();
        sinceLastBarrier.clear();
        emit(due, 0);
    }

    /** The refreshes of several checkpoints, oldest first, as one per window. */
    private static Map<WindowRefresh, Due> merged(Collection<Map<WindowRefresh, Due>> buckets) {
        Map<WindowRefresh, Due> due = new LinkedHashMap<>();
        buckets.forEach(bucket -> bucket.values().forEach(d -> add(due, d)));
        return due;
    }

    private static void add(Map<WindowRefresh, Due> pending, Due due) {
        pending.merge(due.refresh().target(), due, Due::mergedWith);
    }

    private void emit(Map<WindowRefresh, Due> due, long completedCheckpoint) {
        List<WindowRefresh> refreshes = new ArrayList<>();
        List<WindowRefresh> markFinal = new ArrayList<>();
        for (Due d : due.values()) {
            (d.recompute() ? refreshes : markFinal).add(d.refresh());
            if (refreshes.size() + markFinal.size() == batchSize) {
                send(refreshes, markFinal, completedCheckpoint);
            }
        }
        if (!refreshes.isEmpty() || !markFinal.isEmpty()) {
            send(refreshes, markFinal, completedCheckpoint);
        }
    }

    private void send(List<WindowRefresh> refreshes, List<WindowRefresh> markFinal, long completedCheckpoint) {
        output.collect(new StreamRecord<>(
                new RefreshBatch(List.copyOf(refreshes), List.copyOf(markFinal), jobId, completedCheckpoint)));
        refreshes.clear();
        markFinal.clear();
    }

    /** A window's refresh as due, and whether its figures must be recomputed or only marked final. */
    private record Due(WindowRefresh refresh, boolean recompute) {
        Due mergedWith(Due other) {
            return new Due(refresh.mergedWith(other.refresh), recompute || other.recompute);
        }
    }
}
