package io.tillstream.dedupe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Savepoints hold every key of the dedupe state: this build and the builds before it (Flink's own
 * string serializer) must read each other's, or an upgrade or a roll-back forgets which sales
 * were loaded.
 */
class StringKeySerializerTest {

    private static final List<String> KEYS = List.of(
            "",
            "8f14e45f-ceea-367a-9a36-dedd4bea2543",
            "copy-3/chesterfield_25-08-2021_09-00-00.csv",
            "Café Zürich",
            "東京 \u0080\u3fff\u4000\uffff",
            "\uD83C\uDF70 cake",
            "x".repeat(127),
            "x".repeat(128),
            "é".repeat(16_384),
            "\0");

    @Test
    void writesTheBytesFlinksStringSerializerWrites() throws IOException {
        for (String key : KEYS) {
            byte[] ours = bytes(key, StringKeySerializer.INSTANCE);
            assertArrayEquals(bytes(key, StringSerializer.INSTANCE), ours, key);
            assertEquals(key, StringSerializer.INSTANCE.deserialize(new DataInputDeserializer(ours)));
            assertEquals(key, StringKeySerializer.INSTANCE.deserialize(new DataInputDeserializer(ours)));
        }
    }

    @Test
    void keyedStateMovesBetweenThisBuildAndFlinksSerializerBothWays() throws Exception {
        OperatorSubtaskState ours = seenSaleA(StringKeySerializer.TYPE);
        assertEquals(List.of("sale-b"), newSalesAfterRestore(ours, Types.STRING), "rolled back to an earlier build");

        OperatorSubtaskState flinks = seenSaleA(Types.STRING);
        assertEquals(
                List.of("sale-b"), newSalesAfterRestore(flinks, StringKeySerializer.TYPE), "upgraded to this build");
    }

    private static OperatorSubtaskState seenSaleA(TypeInformation<String> keyType) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, String, String> op = harness(keyType)) {
            op.open();
            op.processElement("sale-a", 0);
            return op.snapshot(1, 1);
        }
    }

    private static List<String> newSalesAfterRestore(OperatorSubtaskState state, TypeInformation<String> keyType)
            throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, String, String> op = harness(keyType)) {
            op.initializeState(state);
            op.open();
            op.processElement("sale-a", 0);
            op.processElement("sale-b", 0);
            return op.extractOutputValues();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
            TypeInformation<String> keyType) throws Exception {
        FirstOccurrence<String> first = new FirstOccurrence<>(Duration.ofDays(1), "repeats", Types.STRING);
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(first), id -> id, keyType);
    }

    private static byte[] bytes(String key, TypeSerializer<String> serializer) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(key, out);
        return out.getCopyOfBuffer();
    }
}
