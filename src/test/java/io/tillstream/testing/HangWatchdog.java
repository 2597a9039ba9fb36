package io.tillstream.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Ends a test run that hangs where no timeout reaches: a thread blocked in a socket read that a
 * paused server will never answer ignores the interrupt of JUnit's per-test timeout
 * (junit-platform.properties), and surefire 3.5.2's fork timeout did not kill such a fork. After
 * {@link #LIMIT} the watchdog prints every thread's stack and halts the JVM, so CI fails within
 * half an hour, saying where it hung, instead of after its 90 minutes. Registered for every test
 * plan through META-INF/services.
 */
public final class HangWatchdog implements TestExecutionListener {
    /** The whole unit suite takes about 6 minutes on CI's 2 cores. */
    static final Duration LIMIT = Duration.ofMinutes(30);

    private Thread watchdog;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        watchdog = new Thread(HangWatchdog::watch, "hang-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        watchdog.interrupt();
    }

    private static void watch() {
        try {
            Thread.sleep(LIMIT.toMillis());
        } catch (InterruptedException finished) {
            return;
        }
        StringBuilder dump = new StringBuilder("tests still running after " + LIMIT + "; every thread:\n");
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append(thread.getThreadName())
                    .append(" (")
                    .append(thread.getThreadState())
                    .append(")\n");
            for (StackTraceElement frame : thread.getStackTrace()) {
                dump.append("    at ").append(frame).append('\n');
            }
        }
        // the process's own stderr: surefire captures System.err per test, and halting loses that
        PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        stderr.print(dump);
        stderr.flush();
        Runtime.getRuntime().halt(3);
    }
}
