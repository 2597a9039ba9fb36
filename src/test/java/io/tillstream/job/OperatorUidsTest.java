package io.tillstream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillstream.source.TillFiles;
import io.tillstream.testing.TestConfigs;
import io.tillstream.warehouse.WarehouseSinks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * The operator ids of the production graph, written out. Savepoints find their state by these
 * ids: a change here orphans state in every savepoint taken so far, so it must be deliberate
 * (and come with a new savepoint fixture, see docs/operations.md). To update after a deliberate
 * change, replace {@link #UIDS} with the list the failure prints.
 */
class OperatorUidsTest {

    static final List<String> UIDS = List.of(
            "Sink Committer: branch-sink",
            "Sink Committer: ingest-file-sink",
            "Sink Committer: product-sales-window-sink",
            "Sink Committer: product-sink",
            "Sink Committer: rejected-row-sink",
            "Sink Committer: sale-sink",
            "branch-sink",
            "branch-windows",
            "branches",
            "dedupe-branches",
            "dedupe-products",
            "dedupe-sales",
            "duplicate-outcomes",
            "ingest-file-sink",
            "ledger",
            "loaded-outcomes",
            "parse",
            "product-sales-window-sink",
            "product-sink",
            "products",
            "recent-branches",
            "recent-products",
            "rejected-row-sink",
            "sale-batches",
            "sale-sink",
            "sale-times",
            "till-files",
            "window-refreshes");

    @Test
    void everyOperatorHasItsPinnedUid() {
        List<String> uids = productionGraph().getStreamNodes().stream()
                .map(StreamNode::getTransformationUID)
                .sorted()
                .toList();

        assertEquals(String.join("\n", UIDS), String.join("\n", uids), "operator uids (one per line)");
    }

    /**
     * Savepoints hold keyed state with the bytes and snapshot of its key serializer: every keyed
     * stage writes its keys with {@link io.tillstream.dedupe.StringKeySerializer}, whose bytes and
     * snapshot are Flink's string serializer's (StringKeySerializerTest).
     */
    @Test
    void everyKeyedStageWritesItsKeysAsStrings() {
        Map<String, String> keySerializers = new TreeMap<>();
        for (StreamNode node : productionGraph().getStreamNodes()) {
            if (node.getStateKeySerializer() != null) {
                keySerializers.put(
                        node.getTransformationUID(),
                        node.getStateKeySerializer().getClass().getSimpleName());
            }
        }

        assertTrue(
                keySerializers
                        .keySet()
                        .containsAll(List.of(
                                "dedupe-sales", "dedupe-products", "dedupe-branches", "branch-windows", "ledger")),
                keySerializers.toString());
        keySerializers.forEach(
                (uid, serializer) -> assertEquals("StringKeySerializer", serializer, uid + "'s key serializer"));
    }

    private static StreamGraph productionGraph() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TillstreamConfig config = TestConfigs.job("file:///nowhere/", "jdbc:postgresql://nowhere:5432/none");
        TillstreamJob.configure(env, config);
        TillstreamPipeline.build(
                env,
                config,
                TillFiles.watching(
                        config.inputPath(), Duration.ofSeconds(1), Duration.ofDays(1), config.checkpointInterval()),
                WarehouseSinks.exactlyOnce(config.jdbcUrl(), "nobody", "none", config.timeZone()));
        return env.getStreamGraph();
    }

    @Test
    void anOperatorWithoutUidIsRefused() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TillstreamJob.configure(env, TestConfigs.job("file:///nowhere/", "jdbc:postgresql://nowhere:5432/none"));
        env.fromData(1, 2)
                .uid("numbers")
                .map(n -> n + 1)
                .sinkTo(new DiscardingSink<>())
                .uid("discard");

        IllegalStateException refused = assertThrows(IllegalStateException.class, env::getStreamGraph);
        assertTrue(refused.getMessage().contains("UID"), refused.getMessage());
    }
}
