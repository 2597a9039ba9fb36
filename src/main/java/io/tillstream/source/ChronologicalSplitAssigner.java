package io.tillstream.source;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;

/**
 * Hands out till files oldest period first: by the time in the file's name, else by its upload
 * time. Listing order is alphabetical, i.e. branch by branch; a backlog read that way (a first
 * deployment, a week of files uploaded at once) fills the dashboard one branch at a time, days
 * behind for every other branch. Read in time order, every branch's figures advance together and
 * each branch keeps only its current windows open.
 */
final class ChronologicalSplitAssigner implements FileSplitAssigner {
    private static final Comparator<Pending> OLDEST_FIRST =
            Comparator.comparing(Pending::period).thenComparing(Pending::path);

    private PriorityQueue<Pending> pending = new PriorityQueue<>(OLDEST_FIRST);
    private long waitingBytes;

    ChronologicalSplitAssigner(Collection<FileSourceSplit> splits) {
        addSplits(splits);
    }

    @Override
    public Optional<FileSourceSplit> getNext(@Nullable String hostname) {
        Optional<FileSourceSplit> next = Optional.ofNullable(pending.poll()).map(Pending::split);
        next.ifPresent(split -> waitingBytes -= split.length());
        if (pending.isEmpty()) {
            // a queue never shrinks: once a backlog of a million files is handed out, let its array go
            pending = new PriorityQueue<>(OLDEST_FIRST);
        }
        return next;
    }

    @Override
    public void addSplits(Collection<FileSourceSplit> splits) {
        for (FileSourceSplit split : splits) {
            pending.add(Pending.of(split));
            waitingBytes += split.length();
        }
    }

    /** The size of the files not handed out yet. */
    long waitingBytes() {
        return waitingBytes;
    }

    @Override
    public Collection<FileSourceSplit> remainingSplits() {
        return pending.stream().map(Pending::split).collect(Collectors.toCollection(ArrayList::new));
    }

    /** A split with its sort key worked out once, not on every comparison. */
    private record Pending(LocalDateTime period, String path, FileSourceSplit split) {
        static Pending of(FileSourceSplit split) {
            LocalDateTime period = TillFileName.periodStart(split.path().getName())
                    .orElseGet(
                            () -> LocalDateTime.ofEpochSecond(split.fileModificationTime() / 1000, 0, ZoneOffset.UTC));
            return new Pending(period, split.path().toString(), split);
        }
    }
}
