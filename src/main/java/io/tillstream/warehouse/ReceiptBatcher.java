package io.tillstream.warehouse;

import io.tillstream.parse.Receipt;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Gathers receipts into batches for the sale sink. A batch is emitted when full, and whatever is
 * gathered is emitted before each checkpoint barrier, so a batch never spans two checkpoints and the
 * operator needs no state: exactly-once is untouched. Chained right after the dedupe stage, it keeps
 * that stage's partitioning by sale id.
 */
public final class ReceiptBatcher extends AbstractStreamOperator<ReceiptBatch>
        implements OneInputStreamOperator<Receipt, ReceiptBatch> {
    private static final long serialVersionUID = 1L;

    private final int batchSize;
    private transient List<Receipt> gathered;

    public ReceiptBatcher(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public void open() throws Exception {
        super.open();
        gathered = new ArrayList<>(batchSize);
    }

    @Override
    public void processElement(StreamRecord<Receipt> element) {
        gathered.add(element.getValue());
        if (gathered.size() >= batchSize) {
            emit();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) {
        emit();
    }

    @Override
    public void finish() throws Exception {
        emit();
        super.finish();
    }

    private void emit() {
        if (!gathered.isEmpty()) {
            output.collect(new StreamRecord<>(new ReceiptBatch(List.copyOf(gathered))));
            gathered.clear();
        }
    }
}
