package io.tillstream.source;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.PriorityQueue;
import javax.annotation.Nullable;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;

/**
 * Hands out till files oldest period first: by the time in the file's name, else by its upload
 * time. Listing order is alphabetical, i.e. branch by branch; a backlog read that way (a first
 * deployment, a week of files uploaded at once) pushes event time to the last day after the first
 * branch, and every other branch's sales miss their windows. Read in time order, the watermark
 * advances with the data and the windows stay complete.
 */
final class ChronologicalSplitAssigner implements FileSplitAssigner {
    static final Comparator<FileSourceSplit> OLDEST_FIRST = Comparator.comparing(ChronologicalSplitAssigner::period)
            .thenComparing(split -> split.path().toString());

    private final PriorityQueue<FileSourceSplit> pending = new PriorityQueue<>(OLDEST_FIRST);

    ChronologicalSplitAssigner(Collection<FileSourceSplit> splits) {
        pending.addAll(splits);
    }

    @Override
    public Optional<FileSourceSplit> getNext(@Nullable String hostname) {
        return Optional.ofNullable(pending.poll());
    }

    @Override
    public void addSplits(Collection<FileSourceSplit> splits) {
        pending.addAll(splits);
    }

    @Override
    public Collection<FileSourceSplit> remainingSplits() {
        return new ArrayList<>(pending);
    }

    private static LocalDateTime period(FileSourceSplit split) {
        return TillFileName.periodStart(split.path().getName())
                .orElseGet(() -> LocalDateTime.ofEpochSecond(split.fileModificationTime() / 1000, 0, ZoneOffset.UTC));
    }
}
