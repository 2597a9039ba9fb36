package io.tillstream.source;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * When to tell Flink that a catch-up is over. Flink takes the next checkpoint one normal interval
 * after a source reports the end of its backlog, and that checkpoint commits everything the
 * readers emitted before it. Reported as the last file is handed out, the catch-up's last rows
 * wait most of an interval for their commit while the job has nothing to do. So the end is
 * reported once what is left would be read within four fifths of the interval, at the rate the
 * readers finished files over the last interval: the checkpoint then comes about as the last file
 * is read. If reading slows down and the checkpoint comes early, it commits most of the backlog and
 * the next one, an interval later, the rest: still no later than without the estimate.
 *
 * <p>The end is reported once per catch-up: a rate that wobbles near the threshold must not flip
 * the job between intervals. Files added to the queue (a listing, a failed reader's files) ask
 * again.
 */
final class BacklogEnd {
    private final long intervalMillis;
    private final long leadMillis;
    /** The size of the file each reader is reading. */
    private final Map<Integer, Long> reading = new HashMap<>();
    /** (time, size) of the files finished within the last interval, oldest first, and their sum. */
    private final ArrayDeque<long[]> finished = new ArrayDeque<>();

    private long readingBytes;
    private long finishedBytes;
    private long readingSince = -1;
    private boolean ended;

    /** @param checkpointInterval the normal checkpoint interval, which Flink waits after the end is reported */
    BacklogEnd(Duration checkpointInterval) {
        this.intervalMillis = checkpointInterval.toMillis();
        this.leadMillis = intervalMillis * 4 / 5;
    }

    /** A reader was given a file of {@code bytes}. */
    void handedOut(int reader, long bytes, long nowMillis) {
        if (readingSince < 0) {
            readingSince = nowMillis;
        }
        Long before = reading.put(reader, bytes);
        readingBytes += bytes - (before == null ? 0 : before);
    }

    /** A reader asks for another file: the one it had is read. */
    void finished(int reader, long nowMillis) {
        Long bytes = reading.remove(reader);
        if (bytes != null) {
            readingBytes -= bytes;
            finished.addLast(new long[] {nowMillis, bytes});
            finishedBytes += bytes;
        }
    }

    /** A reader failed: its file goes back to the queue, unread. */
    void failed(int reader) {
        Long bytes = reading.remove(reader);
        if (bytes != null) {
            readingBytes -= bytes;
        }
    }

    /** Files joined the queue: whether the catch-up ends soon is a new question. */
    void moreFiles() {
        ended = false;
    }

    /**
     * Whether the job is still catching up, with {@code waitingBytes} of files not handed out yet:
     * until the rate over a reasonable stretch of reading says the rest takes less than the lead.
     */
    boolean isBacklog(long waitingBytes, long nowMillis) {
        if (waitingBytes == 0) {
            readingSince = -1;
            ended = false;
            return false;
        }
        if (ended) {
            return false;
        }
        while (!finished.isEmpty() && finished.peekFirst()[0] <= nowMillis - intervalMillis) {
            finishedBytes -= finished.removeFirst()[1];
        }
        long observed = Math.min(intervalMillis, nowMillis - readingSince);
        if (readingSince < 0 || observed < intervalMillis / 2 || finished.isEmpty()) {
            return true;
        }
        // remaining / rate <= lead, without dividing by a rate that may be tiny
        ended = (waitingBytes + readingBytes) * observed <= finishedBytes * leadMillis;
        return !ended;
    }
}
