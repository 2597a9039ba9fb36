package io.tillstream.warehouse;

import io.tillstream.local.EmbeddedWarehouse;
import org.postgresql.ds.PGSimpleDataSource;

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
}
