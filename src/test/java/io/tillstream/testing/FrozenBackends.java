package io.tillstream.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The warehouse's server processes serving a job, paused (SIGSTOP) at a moment when one of its
 * transactions is prepared and not yet committed, and killed on close (SIGTERM, then SIGCONT so
 * that they act on it before reading another command): the commit never arrives, as when the
 * TaskManager that would have sent it dies. The connector commits a few milliseconds after it
 * prepares; pausing the server in between is how a test puts a failure exactly there. Resumed
 * instead, a backend would still run the commit its task sent before dying. Linux only, and the
 * server must run as this user (the embedded one does).
 */
public final class FrozenBackends implements AutoCloseable {
    /** Far longer than the count takes when no paused backend holds what it needs. */
    private static final Duration COUNT_TIMEOUT = Duration.ofSeconds(2);

    private final List<String> pids;
    private final long prepared;

    private FrozenBackends(List<String> pids, long prepared) {
        this.pids = pids;
        this.prepared = prepared;
    }

    /** Waits for a prepared transaction in {@code warehouse}'s database, then pauses every other backend of it. */
    public static FrozenBackends whilePrepared(Warehouse warehouse, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = warehouse.connect();
                Statement s = c.createStatement()) {
            // a paused backend may hold a lock this connection's queries need: never wait long
            s.execute("SET statement_timeout = '500ms'");
            while (System.nanoTime() < deadline) {
                if (preparedCount(s) > 0) {
                    List<String> pids = new ArrayList<>();
                    try (ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity"
                            + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
                        while (rs.next()) {
                            pids.add(rs.getString(1));
                        }
                    }
                    signal("-STOP", pids);
                    long stillPrepared = preparedWhilePaused(s, pids);
                    if (stillPrepared > 0) {
                        return new FrozenBackends(pids, stillPrepared);
                    }
                    signal("-CONT", pids);
                }
                Thread.sleep(2);
            }
        }
        throw new AssertionError("no transaction was prepared within " + timeout);
    }

    /** How many transactions were prepared and uncommitted when the backends were paused. */
    public long prepared() {
        return prepared;
    }

    private static long preparedCount(Statement s) throws SQLException {
        try (ResultSet rs =
                s.executeQuery("SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The count, or 0 if the pause caught a backend inside PREPARE TRANSACTION or COMMIT PREPARED:
     * it then holds the lock on the list of prepared transactions, a lightweight lock that neither
     * {@code statement_timeout} nor a cancel can interrupt, and the count would wait for ever (a CI
     * run hung on it). Counted on another thread, and the backends resumed if it does not return,
     * which lets it finish.
     */
    private static long preparedWhilePaused(Statement s, List<String> pids) throws Exception {
        ExecutorService counter = Executors.newSingleThreadExecutor();
        try {
            Future<Long> count = counter.submit(() -> preparedOrZero(s));
            try {
                return count.get(COUNT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException heldByAPausedBackend) {
                signal("-CONT", pids);
                count.get();
                return 0;
            }
        } finally {
            counter.shutdownNow();
        }
    }

    private static long preparedOrZero(Statement s) {
        try {
            return preparedCount(s);
        } catch (SQLException timedOut) {
            return 0;
        }
    }

    private static void signal(String signal, List<String> pids) throws Exception {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", signal));
        command.addAll(pids);
        Process kill = new ProcessBuilder(command).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            throw new IllegalStateException("kill " + signal + " did not finish");
        }
    }

    @Override
    public void close() throws Exception {
        signal("-TERM", pids);
        signal("-CONT", pids);
    }
}
