package io.tillstream.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BacklogEndTest {
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final long FILE = 1_000;

    /**
     * Two readers, each reading a 1,000-byte file in 100 ms: 20,000 bytes a second. Four fifths of
     * the interval is 4 s, i.e. 80,000 bytes.
     */
    private static final class Catchup {
        final BacklogEnd end = new BacklogEnd(INTERVAL);
        long now;
        long waiting;

        Catchup(int files) {
            waiting = files * FILE;
            for (int reader = 0; reader < 2; reader++) {
                end.handedOut(reader, FILE, now);
                waiting -= FILE;
            }
        }

        /** 100 ms on: both readers finish and take the next file; whether it is still a backlog. */
        boolean step() {
            return step(100);
        }

        boolean step(long millisPerFile) {
            now += millisPerFile;
            for (int reader = 0; reader < 2 && waiting > 0; reader++) {
                end.finished(reader, now);
                end.handedOut(reader, FILE, now);
                waiting -= FILE;
            }
            return end.isBacklog(waiting, now);
        }

        /** The files still to read when the end was reported, waiting and being read. */
        long filesLeftAtTheEnd() {
            while (step()) {}
            return waiting / FILE + 2;
        }
    }

    @Test
    void endsWhenWhatIsLeftReadsWithinFourFifthsOfTheInterval() {
        assertEquals(80, new Catchup(1_000).filesLeftAtTheEnd(), "4 s at 20 files a second");
    }

    @Test
    void aCatchupShorterThanTheIntervalEndsWhenItsLastFileIsHandedOut() {
        // the first half interval has no rate to go by: no guess
        assertEquals(2, new Catchup(40).filesLeftAtTheEnd());
    }

    @Test
    void theRateIsTheLastIntervalsNotTheWholeCatchups() {
        Catchup catchup = new Catchup(1_000);
        for (int i = 0; i < 20; i++) {
            assertTrue(catchup.step(1_000), "a slow start: a file a second per reader");
        }
        // the average since the start would end it at 58 files left
        assertEquals(80, catchup.filesLeftAtTheEnd(), "the last interval was read at 20 files a second");
    }

    @Test
    void anEndIsReportedOnceUntilMoreFilesJoinTheQueue() {
        Catchup catchup = new Catchup(1_000);
        catchup.filesLeftAtTheEnd();
        BacklogEnd end = catchup.end;
        long later = catchup.now + 3_000;
        assertFalse(end.isBacklog(catchup.waiting, later), "no reader finished for 3 s: the end stands");

        end.moreFiles();
        assertTrue(end.isBacklog(catchup.waiting + 500 * FILE, later), "a listing found 500 more files");
    }

    @Test
    void aFailedReadersFileIsNotCountedAsRead() {
        BacklogEnd end = new BacklogEnd(INTERVAL);
        end.handedOut(0, 100 * FILE, 0);
        end.handedOut(1, FILE, 0);
        end.failed(0);
        end.finished(0, 4_000);
        end.finished(1, 4_000);
        end.handedOut(1, FILE, 4_000);
        // read in 4 s: one file of 1,000 bytes, not 101; 4 files left take 16 s at that rate
        assertTrue(end.isBacklog(3 * FILE, 4_000));
    }

    @Test
    void nothingWaitingIsNoBacklogAndForgetsTheCatchup() {
        Catchup catchup = new Catchup(1_000);
        catchup.filesLeftAtTheEnd();
        BacklogEnd end = catchup.end;
        assertFalse(end.isBacklog(0, catchup.now));

        long next = catchup.now + 1_000;
        end.handedOut(0, FILE, next);
        assertTrue(end.isBacklog(10 * FILE, next + 100), "a new catch-up is read for half an interval first");
    }
}
