package io.tillstream.warehouse;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.annotation.Nonnull;
import javax.transaction.xa.Xid;
import org.apache.flink.connector.jdbc.datasource.connections.xa.XaConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.transactions.xa.domain.TransactionId;
import org.apache.flink.connector.jdbc.datasource.transactions.xa.exceptions.TransientXaException;

/**
 * Gives each XA sink of one job its own transaction ids.
 *
 * <p>flink-connector-jdbc 4.0 derives an XA transaction id from the job id, subtask index and
 * checkpoint only, so two exactly-once sinks in one job prepare transactions with the same id, and
 * PostgreSQL (whose prepared-transaction ids are cluster-wide) refuses the second: {@code
 * transaction identifier ... is already in use}. This provider prefixes every global transaction id
 * with the sink's scope and strips it again from recovered ids, leaving all else to the connector.
 *
 * <p>Recovered ids go back to the connector as its own {@link TransactionId}s. Its recovery
 * (recover-and-rollback, run by every writer when it starts, after committing the transactions its
 * restored state lists) rolls back only ids for which {@code TransactionId.belongsTo} holds, and
 * that check is false for any other {@link Xid} type: handed anything else, the writer logs
 * "rollback N recovered transactions" and rolls back none, and a transaction prepared for a
 * checkpoint that never completed keeps its row locks until the replayed rows time out on them.
 */
final class SinkScopedXaConnectionProvider implements XaConnectionProvider {
    private static final long serialVersionUID = 1L;

    private final XaConnectionProvider delegate;
    private final byte scope;
    private transient Set<Xid> uncommitted;

    SinkScopedXaConnectionProvider(XaConnectionProvider delegate, byte scope) {
        this.delegate = delegate;
        this.scope = scope;
    }

    @Override
    public void start(Xid xid) throws Exception {
        delegate.start(scoped(xid));
    }

    @Override
    public void endAndPrepare(Xid xid) throws Exception {
        delegate.endAndPrepare(scoped(xid));
    }

    @Override
    public void commit(Xid xid, boolean ignoreUnknown) throws TransientXaException {
        uncommitted.add(xid);
        delegate.commit(scoped(xid), ignoreUnknown);
        uncommitted.remove(xid);
    }

    @Override
    public void rollback(Xid xid) throws TransientXaException {
        delegate.rollback(scoped(xid));
    }

    /**
     * The connector ends (TMFAIL) and rolls back each transaction its restored state lists as
     * hanging. For one that an earlier attempt had already prepared, PostgreSQL answers the end with
     * a protocol error (the transaction is not this connection's), the connector only logs it, and
     * the transaction keeps its row locks: after a restore from a retained checkpoint under a new
     * job id (the connector's own recovery rolls back only this job's), the replayed rows wait on
     * them for ever. So a hanging transaction still prepared afterwards is rolled back by id. It is
     * safe: hanging means begun after the restored checkpoint, so the replay writes it again.
     */
    @Override
    public void failAndRollback(Xid xid) throws TransientXaException {
        Xid scoped = scoped(xid);
        delegate.failAndRollback(scoped);
        if (delegate.recover().stream().anyMatch(prepared -> sameId(prepared, scoped))) {
            delegate.rollback(scoped);
        }
    }

    private static boolean sameId(Xid a, Xid b) {
        return a.getFormatId() == b.getFormatId()
                && Arrays.equals(a.getGlobalTransactionId(), b.getGlobalTransactionId())
                && Arrays.equals(a.getBranchQualifier(), b.getBranchQualifier());
    }

    /**
     * This sink's prepared transactions, with the ids the connector gave them, except those whose
     * commit this provider was asked for and did not finish: the connector keeps those to retry,
     * since they belong to a completed checkpoint, and rolling them back would lose their rows.
     */
    @Override
    public Collection<Xid> recover() throws TransientXaException {
        List<Xid> ours = new ArrayList<>();
        for (Xid xid : delegate.recover()) {
            byte[] global = xid.getGlobalTransactionId();
            if (global.length > 0 && global[0] == scope) {
                connectorId(xid.getFormatId(), Arrays.copyOfRange(global, 1, global.length), xid.getBranchQualifier())
                        .filter(id -> !uncommitted.contains(id))
                        .ifPresent(ours::add);
            }
        }
        return ours;
    }

    /** Empty for an id in our scope that the connector did not make (e.g. prepared by hand). */
    private static Optional<Xid> connectorId(int formatId, byte[] global, byte[] branch) {
        try {
            return Optional.of(TransactionId.restoreFromXid(formatId, global, branch));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Xid scoped(Xid xid) {
        byte[] global = xid.getGlobalTransactionId();
        byte[] prefixed = new byte[global.length + 1];
        prefixed[0] = scope;
        System.arraycopy(global, 0, prefixed, 1, global.length);
        return new ScopedXid(xid.getFormatId(), prefixed, xid.getBranchQualifier());
    }

    @Override
    public void open() throws Exception {
        uncommitted = new HashSet<>();
        delegate.open();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public Connection getConnection() {
        return delegate.getConnection();
    }

    @Nonnull
    @Override
    public Properties getProperties() {
        return delegate.getProperties();
    }

    @Override
    public boolean isConnectionValid() throws SQLException {
        return delegate.isConnectionValid();
    }

    @Override
    public Connection getOrEstablishConnection() throws SQLException, ClassNotFoundException {
        return delegate.getOrEstablishConnection();
    }

    @Override
    public void closeConnection() {
        delegate.closeConnection();
    }

    @Override
    public Connection reestablishConnection() throws SQLException, ClassNotFoundException {
        return delegate.reestablishConnection();
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }

    /** Value-equal, because the connector's pooling provider maps connections by transaction id. */
    static final class ScopedXid implements Xid, java.io.Serializable {
        private static final long serialVersionUID = 1L;

        private final int formatId;
        private final byte[] global;
        private final byte[] branch;

        ScopedXid(int formatId, byte[] global, byte[] branch) {
            this.formatId = formatId;
            this.global = global.clone();
            this.branch = branch.clone();
        }

        @Override
        public int getFormatId() {
            return formatId;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return global.clone();
        }

        @Override
        public byte[] getBranchQualifier() {
            return branch.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ScopedXid x
                    && formatId == x.formatId
                    && Arrays.equals(global, x.global)
                    && Arrays.equals(branch, x.branch);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * formatId + Arrays.hashCode(global)) + Arrays.hashCode(branch);
        }
    }
}
