package io.tillstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The benchmark's per-thread CPU report: a busy thread's CPU, as the kernel counted it, under its stage. */
class ThreadCpuTest {
    private static final String PARSE_TASK = "Source: till files -> parse and scrub PII (1/2)#0";

    @Test
    void aBusyTaskThreadIsCountedUnderItsStage() throws InterruptedException {
        ThreadCpu cpu = ThreadCpu.start();
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        Thread parse = new Thread(
                () -> {
                    spinHalfASecond();
                    spun.countDown();
                    awaitQuietly(measured);
                },
                PARSE_TASK);
        parse.start();
        spun.await();

        Map<String, Double> seconds = cpu.since();
        measured.countDown();
        parse.join();

        assertTrue(seconds.get("read and parse task") >= 0.4, seconds.toString());
        assertTrue(seconds.get("other threads") < 0.4, "not counted twice: " + seconds);
    }

    @Test
    void aThreadThatEndedIsStillAccountedFor() throws InterruptedException {
        ThreadCpu cpu = ThreadCpu.start();
        Thread parse = new Thread(ThreadCpuTest::spinHalfASecond, PARSE_TASK);
        parse.start();
        parse.join();

        Map<String, Double> seconds = cpu.since();

        assertEquals(0.0, seconds.get("read and parse task"), "no live thread of that name");
        assertTrue(seconds.get("threads that ended") >= 0.4, seconds.toString());
    }

    @Test
    void threadsAreGroupedByTheNameLinuxKeeps() {
        assertEquals("read and parse task", ThreadCpu.group("Source: till fi"));
        assertEquals("dedupe and sale batches task", ThreadCpu.group("dedupe sales ->"));
        assertEquals("JIT compiler", ThreadCpu.group("C2 CompilerThre"));
        assertEquals("garbage collector", ThreadCpu.group("G1 Conc#0"));
        assertEquals("other threads", ThreadCpu.group("flink-pekko.act"));
    }

    /**
     * Half a second of this thread's CPU, not of the clock: on a busy machine a thread spinning for
     * half a second of wall time can get less than 0.4 s of CPU (a CI run saw 0.37).
     */
    private static void spinHalfASecond() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + 500_000_000L;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            x += until ^ x;
        }
        if (x == 42) {
            System.out.println(x);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
