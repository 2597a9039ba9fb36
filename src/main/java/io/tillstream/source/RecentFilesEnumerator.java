package io.tillstream.source;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Nullable;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the prefix every interval, keeps what {@link Discovery} decides, and hands files to readers
 * oldest period first. Replaces Flink's continuous file enumerator, which remembers every path it
 * ever read (FLINK-25672): this one's memory and checkpoint hold the files of the last two
 * tolerances and the files not yet handed out, and its listing skips old date partitions.
 *
 * <p>While files wait for a reader it tells Flink it is processing a backlog, so that a catch-up
 * (a first deployment, the hours after an outage) checkpoints at {@code
 * execution.checkpointing.interval-during-backlog}: every checkpoint rewrites the dedupe state and
 * starts window refreshes, and a catch-up needs throughput, not fresh figures. Until the first
 * listing it does not know, and reports a backlog. Its end is reported about one normal interval
 * before the last file is read ({@link BacklogEnd}), so that the checkpoint that commits the
 * catch-up's last rows comes as they are read, not an interval later.
 *
 * <p>Listing runs on a worker thread and reads only {@link #listFrom}; everything else runs on the
 * coordinator thread.
 */
final class RecentFilesEnumerator implements SplitEnumerator<FileSourceSplit, DiscoveryCheckpoint> {
    static final String TOO_LATE_METRIC = "tooLateFiles";
    private static final Logger LOG = LoggerFactory.getLogger(RecentFilesEnumerator.class);

    private final SplitEnumeratorContext<FileSourceSplit> context;
    private final Path prefix;
    private final Duration interval;
    private final Duration tolerance;
    private final Clock clock;
    private final ChronologicalSplitAssigner assigner;
    private final Map<Integer, String> awaiting = new LinkedHashMap<>();
    private final Counter tooLateFiles;
    private final BacklogEnd backlogEnd;
    private Discovery discovery;
    private Set<String> legacyPaths;
    private volatile long listFrom;
    private boolean listedOnce;
    private boolean backlog;

    RecentFilesEnumerator(
            SplitEnumeratorContext<FileSourceSplit> context,
            Path prefix,
            Duration interval,
            Duration tolerance,
            Duration checkpointInterval,
            Clock clock,
            DiscoveryCheckpoint restored) {
        this.context = context;
        this.prefix = prefix;
        this.interval = interval;
        this.tolerance = tolerance;
        this.clock = clock;
        this.assigner = new ChronologicalSplitAssigner(restored.pending());
        this.discovery = restored.discovery();
        this.legacyPaths = restored.legacyPaths();
        this.listFrom = discovery.listFrom(tolerance);
        this.tooLateFiles = context.metricGroup().counter(TOO_LATE_METRIC);
        this.backlogEnd = new BacklogEnd(checkpointInterval);
    }

    @Override
    public void start() {
        // A catch-up until the first listing says otherwise: Flink takes the first checkpoint within
        // one normal interval of the start and schedules the next one at the interval current then.
        // Reported even if Flink heard it before a failover: it keeps the last status across one.
        backlog = true;
        context.setIsProcessingBacklog(true);
        context.callAsync(() -> TillFileLister.list(prefix, listFrom), this::onListing, 0, interval.toMillis());
    }

    /** What one listing found: runs on the coordinator thread. */
    void onListing(@Nullable List<ListedFile> listed, @Nullable Throwable error) {
        if (error != null) {
            // a failed LIST (throttling, the network) is retried at the next interval, not a reason to restart
            LOG.warn("cannot list {}; trying again in {}", prefix, interval, error);
            return;
        }
        if (!legacyPaths.isEmpty()) {
            discovery = discovery.adopt(
                    listed.stream().filter(f -> legacyPaths.contains(f.path())).toList());
            legacyPaths = Set.of();
        }
        listedOnce = true;
        Discovery.Step step = discovery.apply(listed, tolerance, clock.millis());
        discovery = step.next();
        listFrom = discovery.listFrom(tolerance);
        List<FileSourceSplit> splits = new ArrayList<>();
        for (ListedFile file : step.toRead()) {
            splits.add(new FileSourceSplit(
                    file.path(), new Path(file.path()), 0, file.size(), file.modified(), file.size()));
        }
        for (ListedFile file : step.tooLate()) {
            LOG.warn(
                    "{} not read: last modified more than {} before the newest file found ({})",
                    file.path(),
                    tolerance,
                    Discovery.TOO_LATE);
            tooLateFiles.inc();
            splits.add(TooLateUpload.split(file));
        }
        if (!splits.isEmpty()) {
            assigner.addSplits(splits);
            backlogEnd.moreFiles();
        }
        assignSplits();
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        backlogEnd.finished(subtaskId, clock.millis());
        awaiting.put(subtaskId, requesterHostname);
        assignSplits();
    }

    @Override
    public void addSplitsBack(List<FileSourceSplit> splits, int subtaskId) {
        // splits handed out after the last checkpoint, to a reader that failed: read them again
        backlogEnd.failed(subtaskId);
        assigner.addSplits(splits);
        backlogEnd.moreFiles();
        reportBacklog();
    }

    @Override
    public void addReader(int subtaskId) {
        // readers ask for splits themselves
    }

    @Override
    public DiscoveryCheckpoint snapshotState(long checkpointId) {
        return new DiscoveryCheckpoint(
                discovery, new ArrayList<>(assigner.remainingSplits()), new HashSet<>(legacyPaths));
    }

    @Override
    public void close() {}

    private void assignSplits() {
        Iterator<Map.Entry<Integer, String>> readers = awaiting.entrySet().iterator();
        while (readers.hasNext()) {
            Map.Entry<Integer, String> reader = readers.next();
            if (!context.registeredReaders().containsKey(reader.getKey())) {
                readers.remove();
                continue;
            }
            Optional<FileSourceSplit> split = assigner.getNext(reader.getValue());
            if (split.isEmpty()) {
                break;
            }
            context.assignSplit(split.get(), reader.getKey());
            backlogEnd.handedOut(reader.getKey(), split.get().length(), clock.millis());
            readers.remove();
        }
        reportBacklog();
    }

    private void reportBacklog() {
        boolean waiting = backlogEnd.isBacklog(assigner.waitingBytes(), clock.millis()) || !listedOnce;
        if (waiting != backlog) {
            backlog = waiting;
            context.setIsProcessingBacklog(waiting);
        }
    }
}
