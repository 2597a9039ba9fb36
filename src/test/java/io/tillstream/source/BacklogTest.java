package io.tillstream.source;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BacklogTest {
    private static final long MB = 1_000_000;
    private static final long INTERVAL = 5_000;

    /** Two readers get through 10 MB in the backlog's first 2 s: 5 MB/s, 25 MB per interval. */
    private static Backlog readingFiveMegabytesASecond() {
        Backlog backlog = new Backlog(INTERVAL);
        assertTrue(backlog.isBacklog(100 * MB, 0));
        backlog.handedOut(0, 5 * MB);
        backlog.handedOut(1, 5 * MB);
        backlog.finished(0);
        backlog.finished(1);
        return backlog;
    }

    @Test
    void nothingWaitingIsNoBacklog() {
        assertFalse(new Backlog(INTERVAL).isBacklog(0, 0));
    }

    @Test
    void filesWaitingBeforeAnyIsReadAreABacklog() {
        Backlog backlog = new Backlog(INTERVAL);
        assertTrue(backlog.isBacklog(1, 0));
        backlog.handedOut(0, MB);
        assertTrue(backlog.isBacklog(1, 60_000), "no file finished yet: no rate to go by");
    }

    @Test
    void endsOnceWhatIsLeftTakesLessThanAnIntervalAtTheRateFilesWereRead() {
        Backlog backlog = readingFiveMegabytesASecond();
        backlog.handedOut(0, 2 * MB);
        backlog.handedOut(1, 2 * MB);

        assertTrue(backlog.isBacklog(22 * MB, 2_000), "22 MB waiting + 4 MB being read: 5.2 s");
        assertFalse(backlog.isBacklog(20 * MB, 2_000), "20 MB waiting + 4 MB being read: 4.8 s");
    }

    @Test
    void aFailedReadersFileIsNotCountedAsRead() {
        Backlog backlog = new Backlog(INTERVAL);
        assertTrue(backlog.isBacklog(100 * MB, 0));
        backlog.handedOut(0, 50 * MB);
        backlog.failed(0);
        backlog.handedOut(0, MB);
        backlog.finished(0);

        assertTrue(backlog.isBacklog(3 * MB, 2_000), "0.5 MB/s: 3 MB is 6 s");
    }

    @Test
    void aNewBacklogMeasuresItsOwnRate() {
        Backlog backlog = readingFiveMegabytesASecond();
        assertFalse(backlog.isBacklog(0, 2_000), "caught up");
        backlog.handedOut(0, 100 * MB);
        backlog.finished(0);

        assertTrue(backlog.isBacklog(MB, 600_000));
        assertTrue(backlog.isBacklog(MB, 602_000), "what was read before this backlog does not count");
    }
}
