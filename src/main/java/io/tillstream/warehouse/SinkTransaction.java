package io.tillstream.warehouse;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.connector.jdbc.datasource.transactions.xa.domain.TransactionId;

/**
 * A prepared transaction of one of this job's sinks, as PostgreSQL lists it. Its gid is what
 * PostgreSQL's JDBC driver makes of the XA id: format, global id and branch qualifier, the two in
 * base64. {@link SinkScopedXaConnectionProvider} puts the sink's scope byte before
 * flink-connector-jdbc 4.0's global id, which starts with a 16-byte job id and the subtask index;
 * the connector's branch qualifier starts with the number of subtasks and a checkpoint id.
 *
 * @param checkpointId the connector's label: the checkpoint before the one that prepares the
 *     transaction (a writer opens its next transaction when it snapshots checkpoint N, labelled N,
 *     and prepares it at the next checkpoint)
 */
record SinkTransaction(
        String gid, WarehouseSinks.Scope sink, String jobId, int subtask, long checkpointId, String prepared) {
    /** flink-connector-jdbc's XA format id. */
    private static final Pattern GID = Pattern.compile("202_([A-Za-z0-9+/=]+)_([A-Za-z0-9+/=]+)");

    /**
     * The connector's ids are longer than their fields: each is the whole buffer it was serialised
     * into (35 bytes with the scope byte, and 13, in 4.0.0-2.0). Matched exactly, taken from the
     * connector itself, so that another job's unscoped ids (one byte shorter) are never taken for
     * ours, and a connector that changed its layout finds nothing rather than the wrong fields.
     */
    private static final TransactionId SHAPE =
            TransactionId.create(new byte[JobID.SIZE], 0, 1).withBranch(0);

    private static final int GLOBAL_ID_LENGTH = 1 + SHAPE.getGlobalTransactionId().length;
    private static final int BRANCH_LENGTH = SHAPE.getBranchQualifier().length;

    /** Read once: the window sink lists prepared transactions before every recomputation. */
    private static final String PREPARED = SqlResource.load("sql/prepared_transactions.sql");

    /** This database's prepared transactions of this job's sinks, oldest first. */
    static List<SinkTransaction> list(Connection c) throws SQLException {
        List<SinkTransaction> ours = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PREPARED);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                parse(rs.getString(1), rs.getString(2)).ifPresent(ours::add);
            }
        }
        return ours;
    }

    /** Empty for any other application's transaction. */
    static Optional<SinkTransaction> parse(String gid, String prepared) {
        Matcher m = GID.matcher(gid);
        if (!m.matches()) {
            return Optional.empty();
        }
        byte[] global = Base64.getDecoder().decode(m.group(1));
        byte[] branch = Base64.getDecoder().decode(m.group(2));
        if (global.length != GLOBAL_ID_LENGTH || branch.length != BRANCH_LENGTH) {
            return Optional.empty();
        }
        ByteBuffer g = ByteBuffer.wrap(global, 17, 4);
        ByteBuffer b = ByteBuffer.wrap(branch, 4, 8);
        return Arrays.stream(WarehouseSinks.Scope.values())
                .filter(scope -> scope.tag == global[0])
                .findFirst()
                .map(scope -> new SinkTransaction(
                        gid, scope, HexFormat.of().formatHex(global, 1, 17), g.getInt(), b.getLong(), prepared));
    }
}
