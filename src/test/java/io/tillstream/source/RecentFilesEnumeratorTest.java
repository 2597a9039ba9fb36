package io.tillstream.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillstream.testing.ManualEnumeratorContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.FileSourceSplitSerializer;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.connector.file.src.PendingSplitsCheckpointSerializer;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecentFilesEnumeratorTest {
    private static final Duration TOLERANCE = Duration.ofHours(24);
    private static final Instant NOW = Instant.parse("2021-03-23T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration CHECKPOINTS = Duration.ofSeconds(5);

    @TempDir
    java.nio.file.Path bucket;

    private Path prefix;

    @BeforeEach
    void prefix() {
        prefix = new Path(bucket.toUri());
    }

    private java.nio.file.Path upload(String key, Instant modified) throws Exception {
        java.nio.file.Path file = bucket.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "line\n");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private RecentFilesEnumerator enumerator(
            ManualEnumeratorContext<FileSourceSplit> context, DiscoveryCheckpoint state) {
        return enumerator(context, state, CLOCK);
    }

    private RecentFilesEnumerator enumerator(
            ManualEnumeratorContext<FileSourceSplit> context, DiscoveryCheckpoint state, Clock clock) {
        RecentFilesEnumerator enumerator =
                new RecentFilesEnumerator(context, prefix, Duration.ofSeconds(1), TOLERANCE, CHECKPOINTS, clock, state);
        enumerator.start();
        return enumerator;
    }

    private static List<String> names(List<FileSourceSplit> splits) {
        return splits.stream().map(s -> s.path().getName()).toList();
    }

    /** Every reader asks for one split at a time until nothing is left, as Flink's readers do. */
    private static void drain(RecentFilesEnumerator enumerator, ManualEnumeratorContext<FileSourceSplit> context) {
        int before;
        do {
            before = context.allAssigned().size();
            enumerator.handleSplitRequest(0, null);
        } while (context.allAssigned().size() > before);
    }

    @Test
    void handsOutABacklogOldestPeriodFirst() throws Exception {
        upload("2021/03/23/leeds_23-03-2021_10-00-00.csv", NOW);
        upload("2021/03/23/york_22-03-2021_10-00-00.csv", NOW);
        upload("leeds_21-03-2021_10-00-00.csv", NOW.minusSeconds(86_400 * 5));
        ManualEnumeratorContext<FileSourceSplit> context = new ManualEnumeratorContext<>(1);
        RecentFilesEnumerator enumerator = enumerator(context, DiscoveryCheckpoint.EMPTY);

        context.runPeriodic();
        drain(enumerator, context);

        assertEquals(
                List.of(
                        "leeds_21-03-2021_10-00-00.csv",
                        "york_22-03-2021_10-00-00.csv",
                        "leeds_23-03-2021_10-00-00.csv"),
                names(context.assignedTo(0)));
    }

    @Test
    void reportsABacklogWhileFilesWaitForAReaderAndItsEndWhenTheLastIsHandedOut() throws Exception {
        upload("2021/03/23/leeds_23-03-2021_10-00-00.csv", NOW);
        upload("2021/03/23/york_23-03-2021_10-00-00.csv", NOW);
        ManualEnumeratorContext<FileSourceSplit> context = new ManualEnumeratorContext<>(1);
        RecentFilesEnumerator enumerator = enumerator(context, DiscoveryCheckpoint.EMPTY);
        context.runPeriodic();
        assertEquals(List.of(true), context.backlogReports(), "two files listed, none asked for yet");

        enumerator.handleSplitRequest(0, null);
        assertEquals(List.of(true), context.backlogReports(), "one file still waits");
        enumerator.handleSplitRequest(0, null);
        assertEquals(List.of(true, false), context.backlogReports(), "the last file went to a reader");

        enumerator.addSplitsBack(context.assignedTo(0), 0);
        assertEquals(List.of(true, false, true), context.backlogReports(), "a failed reader's files wait again");
    }

    @Test
    void reportsTheEndOfACatchupAboutAnIntervalBeforeItsLastFileIsRead() throws Exception {
        for (int hour = 0; hour < 200; hour++) {
            upload(String.format("2021/03/23/leeds_23-03-2021_%02d-%02d-00.csv", hour / 60, hour % 60), NOW);
        }
        SteppingClock clock = new SteppingClock();
        ManualEnumeratorContext<FileSourceSplit> context = new ManualEnumeratorContext<>(1);
        RecentFilesEnumerator enumerator = enumerator(context, DiscoveryCheckpoint.EMPTY, clock);
        context.runPeriodic();

        int handedOutAtTheEnd = -1;
        for (int request = 0; request < 200; request++) {
            clock.advance(Duration.ofMillis(100));
            enumerator.handleSplitRequest(0, null);
            if (handedOutAtTheEnd < 0 && context.backlogReports().size() > 1) {
                handedOutAtTheEnd = context.assignedTo(0).size();
            }
        }

        assertEquals(200, context.assignedTo(0).size());
        assertEquals(List.of(true, false), context.backlogReports());
        // a file each 100 ms: four fifths of the 5 s interval is 40 files, 39 waiting and 1 being read
        assertEquals(161, handedOutAtTheEnd, "the end was reported with 4 s of reading left");
    }

    @Test
    void aBacklogUntilTheFirstListingSaysOtherwiseWhateverFlinkHeardBeforeAFailover() throws Exception {
        ManualEnumeratorContext<FileSourceSplit> context = new ManualEnumeratorContext<>(1);
        RecentFilesEnumerator enumerator = enumerator(context, DiscoveryCheckpoint.EMPTY);
        assertEquals(List.of(true), context.backlogReports(), "at start nobody knows what waits in the bucket");

        enumerator.handleSplitRequest(0, null);
        enumerator.onListing(null, new IOException("throttled"));
        assertEquals(List.of(true), context.backlogReports(), "a failed listing tells nothing");

        context.runPeriodic();
        assertEquals(List.of(true, false), context.backlogReports(), "the first listing found nothing to catch up on");
    }

    @Test
    void aFileListedWhileAReaderWaitsIsNoBacklog() throws Exception {
        ManualEnumeratorContext<FileSourceSplit> context = new ManualEnumeratorContext<>(1);
        RecentFilesEnumerator enumerator = enumerator(context, DiscoveryCheckpoint.EMPTY);
        context.runPeriodic();
        enumerator.handleSplitRequest(0, null);
        upload("2021/03/23/leeds_23-03-2021_10-00-00.csv", NOW);

        context.runPeriodic();

        assertEquals(List.of("leeds_23-03-2021_10-00-00.csv"), names(context.assignedTo(0)));
        assertEquals(List.of(true, false), context.backlogReports(), "live operation keeps the normal interval");
    }

    @Test
    void aFileBeyondTheToleranceGoesToAReaderMarkedTooLateAndIsCounted() throws Exception {
        upload("2021/03/23/leeds_23-03-2021_10-00-00.csv", NOW);
        ManualEnumeratorContext<FileSourceSplit> context = new ManualEnumeratorContext<>(1);
        RecentFilesEnumerator enumerator = enumerator(context, DiscoveryCheckpoint.EMPTY);
        context.runPeriodic();
        upload("2021/03/23/york_22-03-2021_10-00-00.csv", NOW.minus(Duration.ofHours(23)));
        upload("2021/03/22/york_21-03-2021_10-00-00.csv", NOW.minus(Duration.ofHours(25)));

        context.runPeriodic();
        context.runPeriodic();
        drain(enumerator, context);

        List<FileSourceSplit> assigned = context.assignedTo(0);
        assertEquals(3, assigned.size(), "each file handed out once: " + assigned);
        assertEquals(
                List.of("york_21-03-2021_10-00-00.csv"),
                names(assigned.stream().filter(TooLateUpload::is).toList()));
        assertEquals(1, context.counter(RecentFilesEnumerator.TOO_LATE_METRIC));
    }

    @Test
    void afterARestoreTheSameListingReadsNothingTwiceAndPendingFilesAreKept() throws Exception {
        upload("2021/03/23/a_23-03-2021_09-00-00.csv", NOW);
        upload("2021/03/23/b_23-03-2021_10-00-00.csv", NOW);
        ManualEnumeratorContext<FileSourceSplit> before = new ManualEnumeratorContext<>(1);
        RecentFilesEnumerator first = enumerator(before, DiscoveryCheckpoint.EMPTY);
        before.runPeriodic();
        first.handleSplitRequest(0, null);
        DiscoveryCheckpointSerializer serializer = new DiscoveryCheckpointSerializer();
        byte[] checkpoint = serializer.serialize(first.snapshotState(1));

        ManualEnumeratorContext<FileSourceSplit> after = new ManualEnumeratorContext<>(2);
        RecentFilesEnumerator restored = enumerator(after, serializer.deserialize(serializer.getVersion(), checkpoint));
        upload("2021/03/23/c_23-03-2021_11-00-00.csv", NOW);
        after.runPeriodic();
        drain(restored, after);

        assertEquals(List.of("a_23-03-2021_09-00-00.csv"), names(before.assignedTo(0)));
        assertEquals(List.of("b_23-03-2021_10-00-00.csv", "c_23-03-2021_11-00-00.csv"), names(after.allAssigned()));
        assertEquals(
                List.of(true, false),
                after.backlogReports(),
                "a restored pending file is a backlog until it is handed out");
    }

    @Test
    void splitsOfAFailedReaderAreHandedOutAgain() throws Exception {
        upload("a_23-03-2021_09-00-00.csv", NOW);
        ManualEnumeratorContext<FileSourceSplit> context = new ManualEnumeratorContext<>(2);
        RecentFilesEnumerator enumerator = enumerator(context, DiscoveryCheckpoint.EMPTY);
        context.runPeriodic();
        enumerator.handleSplitRequest(0, null);

        enumerator.addSplitsBack(context.assignedTo(0), 0);
        enumerator.handleSplitRequest(1, null);

        assertEquals(List.of("a_23-03-2021_09-00-00.csv"), names(context.assignedTo(1)));
    }

    @Test
    void takesOverFromASavepointOfFlinksOwnFileSourceWithoutReadingAgain() throws Exception {
        java.nio.file.Path read = upload("a_22-03-2021_09-00-00.csv", NOW.minus(Duration.ofDays(30)));
        upload("b_23-03-2021_09-00-00.csv", NOW);
        byte[] flinkState = new PendingSplitsCheckpointSerializer<>(FileSourceSplitSerializer.INSTANCE)
                .serialize(PendingSplitsCheckpoint.fromCollectionSnapshot(List.of(), List.of(new Path(read.toUri()))));
        DiscoveryCheckpoint state = new DiscoveryCheckpointSerializer().deserialize(1, flinkState);
        ManualEnumeratorContext<FileSourceSplit> context = new ManualEnumeratorContext<>(1);
        RecentFilesEnumerator enumerator = enumerator(context, state);

        context.runPeriodic();
        drain(enumerator, context);

        assertEquals(List.of("b_23-03-2021_09-00-00.csv"), names(context.assignedTo(0)));
        assertTrue(enumerator.snapshotState(2).legacyPaths().isEmpty(), "adopted at the first listing");
    }

    /** A clock the test moves by hand, as readers' requests come in over time. */
    private static final class SteppingClock extends Clock {
        private Instant now = NOW;

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
