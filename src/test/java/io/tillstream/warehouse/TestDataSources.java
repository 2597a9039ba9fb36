package io.tillstream.warehouse;

import io.tillstream.local.EmbeddedWarehouse;
import org.apache.flink.connector.jdbc.datasource.connections.xa.PoolingXaConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.connections.xa.XaConnectionProvider;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.xa.PGXADataSource;

/** Data sources on a database of the embedded warehouse, for tests of the sinks' statements. */
final class TestDataSources {
    private TestDataSources() {}

    /** As the sinks configure theirs ({@link WarehouseSinks#configure}), or with pgjdbc's defaults. */
    static PGSimpleDataSource of(String url, boolean configuredAsTheSinks) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(EmbeddedWarehouse.USER);
        ds.setPassword(EmbeddedWarehouse.PASSWORD);
        if (configuredAsTheSinks) {
            WarehouseSinks.configure(ds);
        }
        return ds;
    }

    /** XA connections as the connector pools them for a sink, with pgjdbc's defaults. */
    static XaConnectionProvider xaPool(String url) {
        return PoolingXaConnectionProvider.from(
                () -> {
                    PGXADataSource ds = new PGXADataSource();
                    ds.setUrl(url);
                    ds.setUser(EmbeddedWarehouse.USER);
                    ds.setPassword(EmbeddedWarehouse.PASSWORD);
                    return ds;
                },
                null);
    }
}
