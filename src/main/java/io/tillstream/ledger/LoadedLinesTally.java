package io.tillstream.ledger;

import io.tillstream.parse.Receipt;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Counts loaded sales per file and passes the counts to the ledger as one outcome per file every
 * {@code flushMillis}, instead of one per sale: the ledger only needs how many and the time span.
 * Whatever is counted is passed on before each checkpoint barrier, so a count never spans two
 * checkpoints and the operator needs no state: the ledger's own state stays the only truth.
 */
public final class LoadedLinesTally extends AbstractStreamOperator<LineOutcome>
        implements OneInputStreamOperator<Receipt, LineOutcome> {
    private static final long serialVersionUID = 1L;

    private final long flushMillis;

    private transient Map<String, LineOutcome> byFile;
    private transient boolean flushScheduled;

    public LoadedLinesTally(long flushMillis) {
        this.flushMillis = flushMillis;
    }

    @Override
    public void open() throws Exception {
        super.open();
        byFile = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<Receipt> element) {
        Receipt sale = element.getValue();
        byFile.merge(sale.sourceFile(), LineOutcome.loaded(sale), LineOutcome::plus);
        if (!flushScheduled) {
            flushScheduled = true;
            long at = getProcessingTimeService().getCurrentProcessingTime() + flushMillis;
            getProcessingTimeService().registerTimer(at, time -> flush());
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        flushScheduled = false;
        for (LineOutcome tally : byFile.values()) {
            output.collect(new StreamRecord<>(tally));
        }
        byFile.clear();
    }
}
