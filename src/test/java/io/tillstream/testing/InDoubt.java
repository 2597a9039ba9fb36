package io.tillstream.testing;

import io.tillstream.local.EmbeddedWarehouse;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import javax.sql.XAConnection;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.apache.flink.api.common.JobID;
import org.postgresql.xa.PGXADataSource;

/**
 * Leaves a prepared XA transaction in the warehouse, named as one of the job's sinks names them
 * (flink-connector-jdbc's format 202, the sink's scope byte, job id, subtask; branch: parallelism
 * and checkpoint): what a job killed between prepare and commit leaves behind.
 */
public final class InDoubt {
    private static final int CONNECTOR_FORMAT = 202;

    private InDoubt() {}

    /** Runs {@code sql} in a transaction prepared for sink {@code scope} of {@code job}, then abandons it. */
    public static void prepare(String jdbcUrl, int scope, JobID job, long checkpoint, String... sql) throws Exception {
        ByteBuffer global = ByteBuffer.allocate(1 + JobID.SIZE + 4);
        global.put((byte) scope).put(job.getBytes()).putInt(0);
        ByteBuffer branch = ByteBuffer.allocate(4 + 8).putInt(2).putLong(checkpoint);
        prepare(jdbcUrl, new SimpleXid(CONNECTOR_FORMAT, global.array(), branch.array()), sql);
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
