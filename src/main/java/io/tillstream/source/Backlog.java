package io.tillstream.source;

import java.util.HashMap;
import java.util.Map;

/**
 * Whether the source is still catching up, for checkpointing: while it is, the job checkpoints at
 * the longer backlog interval. Flink moves the next checkpoint to one normal interval after a
 * source reports the end of its backlog, so the end is reported once what is left would take less
 * than that interval at the rate readers have been finishing files: the checkpoint then comes as the
 * last file is done, not an interval after it. An estimate that is wrong only moves a checkpoint.
 */
final class Backlog {
    private final long intervalMillis;
    private final Map<Integer, Long> reading = new HashMap<>();
    private long readingBytes;
    private long startedAt = -1;
    private long finishedBytes;

    /** @param intervalMillis the normal checkpoint interval */
    Backlog(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /** A reader got a file of this size. */
    void handedOut(int reader, long bytes) {
        Long before = reading.put(reader, bytes);
        readingBytes += bytes - (before == null ? 0 : before);
    }

    /** A reader asks for more: whatever it had is read. */
    void finished(int reader) {
        Long bytes = reading.remove(reader);
        if (bytes != null) {
            readingBytes -= bytes;
            if (startedAt >= 0) {
                finishedBytes += bytes;
            }
        }
    }

    /** A reader failed: its file goes back to wait, and does not count as read. */
    void failed(int reader) {
        Long bytes = reading.remove(reader);
        if (bytes != null) {
            readingBytes -= bytes;
        }
    }

    /** Whether the files waiting ({@code waitingBytes}) and those being read add up to more than an interval's reading. */
    boolean isBacklog(long waitingBytes, long nowMillis) {
        if (waitingBytes == 0) {
            startedAt = -1;
            finishedBytes = 0;
            return false;
        }
        if (startedAt < 0) {
            startedAt = nowMillis;
            return true;
        }
        long elapsed = nowMillis - startedAt;
        if (finishedBytes == 0 || elapsed <= 0) {
            return true;
        }
        double bytesPerMilli = (double) finishedBytes / elapsed;
        return waitingBytes + readingBytes > bytesPerMilli * intervalMillis;
    }
}
