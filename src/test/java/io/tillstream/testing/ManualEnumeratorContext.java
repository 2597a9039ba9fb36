package io.tillstream.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * An enumerator's context driven by hand: periodic calls run only when {@link #runPeriodic} says
 * so, on the calling thread, and assigned splits are collected per reader.
 */
public final class ManualEnumeratorContext<S extends SourceSplit> implements SplitEnumeratorContext<S> {
    private final Map<Integer, ReaderInfo> readers = new HashMap<>();
    private final Map<Integer, List<S>> assigned = new HashMap<>();
    private final List<Runnable> periodic = new ArrayList<>();
    private final Map<String, Counter> counters = new HashMap<>();
    private final Metrics metrics = new Metrics();
    private final boolean keepAssigned;
    private final List<Boolean> backlogReports = new ArrayList<>();
    private long assignedCount;

    public ManualEnumeratorContext(int readers) {
        this(readers, true);
    }

    /** @param keepAssigned false to only count assigned splits (a benchmark measuring the enumerator's heap) */
    public ManualEnumeratorContext(int readers, boolean keepAssigned) {
        this.keepAssigned = keepAssigned;
        for (int i = 0; i < readers; i++) {
            this.readers.put(i, new ReaderInfo(i, "localhost"));
        }
    }

    /** Runs every periodic call once, as one monitor interval would. */
    public void runPeriodic() {
        periodic.forEach(Runnable::run);
    }

    /** Every split handed to {@code reader} so far. */
    public List<S> assignedTo(int reader) {
        return assigned.getOrDefault(reader, List.of());
    }

    public long assignedCount() {
        return assignedCount;
    }

    public List<S> allAssigned() {
        return assigned.values().stream().flatMap(List::stream).toList();
    }

    /** Every change of backlog status the enumerator reported, in order. */
    public List<Boolean> backlogReports() {
        return backlogReports;
    }

    public long counter(String name) {
        return counters.containsKey(name) ? counters.get(name).getCount() : 0;
    }

    @Override
    public SplitEnumeratorMetricGroup metricGroup() {
        return metrics;
    }

    @Override
    public void sendEventToSourceReader(int subtaskId, SourceEvent event) {}

    @Override
    public int currentParallelism() {
        return readers.size();
    }

    @Override
    public Map<Integer, ReaderInfo> registeredReaders() {
        return readers;
    }

    @Override
    public void assignSplits(SplitsAssignment<S> assignment) {
        assignment.assignment().values().forEach(splits -> assignedCount += splits.size());
        if (!keepAssigned) {
            return;
        }
        assignment.assignment().forEach((reader, splits) -> assigned.computeIfAbsent(reader, r -> new ArrayList<>())
                .addAll(splits));
    }

    @Override
    public void signalNoMoreSplits(int subtask) {}

    @Override
    public void setIsProcessingBacklog(boolean isProcessingBacklog) {
        backlogReports.add(isProcessingBacklog);
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
        call(callable, handler);
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelay, long period) {
        periodic.add(() -> call(callable, handler));
    }

    @Override
    public void runInCoordinatorThread(Runnable runnable) {
        runnable.run();
    }

    private static <T> void call(Callable<T> callable, BiConsumer<T, Throwable> handler) {
        T result;
        try {
            result = callable.call();
        } catch (Throwable t) {
            handler.accept(null, t);
            return;
        }
        handler.accept(result, null);
    }

    private final class Metrics extends UnregisteredMetricsGroup implements SplitEnumeratorMetricGroup {
        @Override
        public Counter counter(String name) {
            return counters.computeIfAbsent(name, n -> new SimpleCounter());
        }

        @Override
        public <G extends org.apache.flink.metrics.Gauge<Long>> G setUnassignedSplitsGauge(G gauge) {
            return gauge;
        }
    }
}
