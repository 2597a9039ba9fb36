package io.tillstream.warehouse;

import io.tillstream.parse.ImmutableSerializer;
import io.tillstream.parse.ImmutableTypeInfo;
import io.tillstream.parse.Receipt;
import io.tillstream.parse.ReceiptSerializer;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Batches are chained into the sale sink and never cross the network, but flink-connector-jdbc
 * copies every record it buffers when object reuse is on: a batch is immutable, so its copy is
 * itself rather than a deep copy of every receipt in it.
 */
public final class ReceiptBatchSerializer extends ImmutableSerializer<ReceiptBatch> {
    private static final long serialVersionUID = 1L;
    public static final ReceiptBatchSerializer INSTANCE = new ReceiptBatchSerializer();

    @Override
    public void serialize(ReceiptBatch batch, DataOutputView out) throws IOException {
        out.writeInt(batch.receipts().size());
        for (Receipt receipt : batch.receipts()) {
            ReceiptSerializer.INSTANCE.serialize(receipt, out);
        }
    }

    @Override
    public ReceiptBatch deserialize(DataInputView in) throws IOException {
        int count = in.readInt();
        List<Receipt> receipts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            receipts.add(ReceiptSerializer.INSTANCE.deserialize(in));
        }
        return new ReceiptBatch(List.copyOf(receipts));
    }

    @Override
    public TypeSerializerSnapshot<ReceiptBatch> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Makes Flink use {@link #INSTANCE} for every {@link ReceiptBatch}. */
    public static final class Factory extends TypeInfoFactory<ReceiptBatch> {
        @Override
        public TypeInformation<ReceiptBatch> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return new ImmutableTypeInfo<>(ReceiptBatch.class, INSTANCE);
        }
    }

    /** Restores {@link #INSTANCE}; batches are never kept in state or savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ReceiptBatch> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
