package io.tillstream.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the source remembers between listings, and the rule that decides, for each listed file,
 * whether it is new, already read, or too late. The memory is bounded by the tolerance, not by the
 * number of files ever read: only files modified within two tolerances of the newest are kept.
 *
 * <p>The rule, with {@code mark} the newest modification time seen so far and {@code T} the
 * tolerance:
 *
 * <ul>
 *   <li>a file already in {@code seen} is skipped: never read twice;
 *   <li>a new file modified after {@code mark - T} is read (a late upload within the tolerance);
 *   <li>a new file modified in {@code (mark - 2T, mark - T]} is too late: it is not read but
 *       reported once (the ledger shows it with a {@link #TOO_LATE} read error) and remembered;
 *   <li>a new file modified at or before {@code mark - 2T} is indistinguishable from one read long
 *       ago and forgotten, so it is skipped silently.
 * </ul>
 *
 * Each decision uses the mark as it was before the listing: files listed together are never late
 * against each other, so a backlog found at once is read whole.
 *
 * @param mark newest modification time seen (epoch millis), {@link Long#MIN_VALUE} before the first file
 * @param seen path → modification time of every file read or reported whose time is after {@code mark - 2T}
 */
record Discovery(long mark, Map<String, Long> seen) {
    /** How a too-late file's ledger row begins its read error. */
    static final String TOO_LATE = "TOO_LATE_UPLOAD";

    static final Discovery EMPTY = new Discovery(Long.MIN_VALUE, Map.of());

    Discovery {
        seen = Map.copyOf(seen);
    }

    /** The outcome of one listing: the new state, the files to read, the files reported as too late. */
    record Step(Discovery next, List<ListedFile> toRead, List<ListedFile> tooLate) {}

    /**
     * Applies one listing. {@code now} (the wall clock) caps the mark, so a file stamped in the
     * future by a wrong clock cannot push every later file out of the tolerance.
     */
    Step apply(Collection<ListedFile> listed, Duration tolerance, long now) {
        long t = tolerance.toMillis();
        long readAfter = minus(mark, t);
        long reportAfter = minus(mark, 2 * t);
        Map<String, Long> next = new HashMap<>(seen);
        List<ListedFile> toRead = new ArrayList<>();
        List<ListedFile> tooLate = new ArrayList<>();
        long newest = mark;
        for (ListedFile file : listed) {
            if (next.containsKey(file.path()) || file.modified() <= reportAfter) {
                continue;
            }
            next.put(file.path(), file.modified());
            (file.modified() > readAfter ? toRead : tooLate).add(file);
            newest = Math.max(newest, Math.min(file.modified(), now));
        }
        long keepAfter = minus(newest, 2 * t);
        next.values().removeIf(modified -> modified <= keepAfter);
        return new Step(new Discovery(newest, next), toRead, tooLate);
    }

    /**
     * This state with {@code alreadyRead} remembered as read, for a job that read them with
     * Flink's own file source before (its savepoint names the paths but not their times).
     */
    Discovery adopt(Collection<ListedFile> alreadyRead) {
        Map<String, Long> next = new HashMap<>(seen);
        long newest = mark;
        for (ListedFile file : alreadyRead) {
            next.put(file.path(), file.modified());
            newest = Math.max(newest, file.modified());
        }
        return new Discovery(newest, next);
    }

    /**
     * The oldest modification time a listing still needs to see: partitions of uploads before it can
     * be left unlisted. {@link Long#MIN_VALUE} (list everything) before the first file.
     */
    long listFrom(Duration tolerance) {
        return minus(mark, 2 * tolerance.toMillis());
    }

    private static long minus(long time, long millis) {
        return time == Long.MIN_VALUE ? Long.MIN_VALUE : time - millis;
    }
}
