package io.tillstream.testing;

import io.tillstream.local.EmbeddedWarehouse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.apache.flink.api.common.JobID;
import org.apache.flink.connector.jdbc.datasource.transactions.xa.domain.TransactionId;
import org.postgresql.xa.PGXADataSource;

/**
 * Leaves a prepared XA transaction in the warehouse, named as one of the job's sinks names them
 * (flink-connector-jdbc's id for a job, subtask 0 of 2 and a checkpoint, with the sink's scope byte
 * before it, as {@code SinkScopedXaConnectionProvider} adds it): what a job killed between prepare
 * and commit leaves behind.
 */
public final class InDoubt {
    private InDoubt() {}

    /** Runs {@code sql} in a transaction prepared for sink {@code scope} of {@code job}, then abandons it. */
    public static void prepare(String jdbcUrl, int scope, JobID job, long checkpoint, String... sql) throws Exception {
        // the connector's own id, not a copy of its layout: its ids carry trailing bytes of its
        // serialisation buffer, which a hand-made id of the documented fields lacked
        TransactionId id = TransactionId.create(job.getBytes(), 0, 2).withBranch(checkpoint);
        byte[] connectorGlobal = id.getGlobalTransactionId();
        byte[] global = new byte[1 + connectorGlobal.length];
        global[0] = (byte) scope;
        System.arraycopy(connectorGlobal, 0, global, 1, connectorGlobal.length);
        prepare(jdbcUrl, new SimpleXid(id.getFormatId(), global, id.getBranchQualifier()), sql);
    }

    /** The same for any id, e.g. another application's. */
    public static void prepare(String jdbcUrl, Xid xid, String... sql) throws Exception {
        PGXADataSource ds = new PGXADataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser(EmbeddedWarehouse.USER);
        ds.setPassword(EmbeddedWarehouse.PASSWORD);
        XAConnection xa = ds.getXAConnection();
        try {
            XAResource resource = xa.getXAResource();
            resource.start(xid, XAResource.TMNOFLAGS);
            try (Connection c = xa.getConnection();
                    Statement s = c.createStatement()) {
                for (String statement : sql) {
                    s.execute(statement);
                }
            }
            resource.end(xid, XAResource.TMSUCCESS);
            resource.prepare(xid);
        } finally {
            xa.close();
        }
    }

    public record SimpleXid(int formatId, byte[] global, byte[] branch) implements Xid {
        @Override
        public int getFormatId() {
            return formatId;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return Arrays.copyOf(global, global.length);
        }

        @Override
        public byte[] getBranchQualifier() {
            return Arrays.copyOf(branch, branch.length);
        }
    }
}
