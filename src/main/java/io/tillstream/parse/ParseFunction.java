package io.tillstream.parse;

import io.tillstream.ledger.LineOutcome;
import io.tillstream.source.SourceLine;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The Flink side of {@link ReceiptParser}: sales go on, rejections to a side output, and what
 * became of every line (and where each file ended) to the ledger. Nothing here throws on input:
 * a line the parser cannot handle becomes a rejection, never a failed task and a restart loop.
 */
public final class ParseFunction extends ProcessFunction<SourceLine, Receipt> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<Rejection> REJECTED = new OutputTag<>("rejected") {};
    public static final OutputTag<LineOutcome> LEDGER = new OutputTag<>("ledger") {};

    private final String hmacSecret;
    private final String timeZone;
    private final EventTimeBounds bounds;

    private transient ReceiptParser parser;
    private transient Counter lines;
    private transient Counter receipts;
    private transient Counter blank;
    private transient Counter headers;
    private transient Counter rejected;
    private transient Map<RejectReason, Counter> rejectedByReason;

    public ParseFunction(String hmacSecret, ZoneId timeZone, EventTimeBounds bounds) {
        this.hmacSecret = hmacSecret;
        this.timeZone = timeZone.getId();
        this.bounds = bounds;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new ReceiptParser(new Keys(hmacSecret), ZoneId.of(timeZone), bounds);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        lines = metrics.counter("linesRead");
        receipts = metrics.counter("receiptsParsed");
        blank = metrics.counter("blankLines");
        headers = metrics.counter("headerLines");
        rejected = metrics.counter("linesRejected");
        rejectedByReason = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            rejectedByReason.put(
                    reason, metrics.addGroup("reason", reason.name()).counter("linesRejected"));
        }
    }

    @Override
    public void processElement(SourceLine line, Context ctx, Collector<Receipt> out) {
        switch (line.kind()) {
            case LINE -> parseLine(line, ctx, out);
            case UNREADABLE -> {
                reject(ReceiptParser.unreadable(line), RejectReason.UNREADABLE_FILE, ctx);
                ctx.output(LEDGER, LineOutcome.end(line));
            }
            case END_OF_FILE -> ctx.output(LEDGER, LineOutcome.end(line));
        }
    }

    private void parseLine(SourceLine line, Context ctx, Collector<Receipt> out) {
        lines.inc();
        ParseOutcome outcome;
        try {
            outcome = parser.parse(line);
        } catch (RuntimeException bug) {
            reject(ReceiptParser.internalError(line, bug), RejectReason.INTERNAL_ERROR, ctx);
            return;
        }
        if (outcome instanceof ParseOutcome.Parsed parsed) {
            receipts.inc();
            out.collect(parsed.receipt());
        } else if (outcome instanceof ParseOutcome.Rejected rejection) {
            reject(
                    rejection.rejection(),
                    RejectReason.valueOf(rejection.rejection().reasonCode()),
                    ctx);
        } else if (outcome instanceof ParseOutcome.Header) {
            headers.inc();
            ctx.output(LEDGER, LineOutcome.header(line.file()));
        } else {
            blank.inc();
            ctx.output(LEDGER, LineOutcome.blank(line.file()));
        }
    }

    private void reject(Rejection rejection, RejectReason reason, Context ctx) {
        rejected.inc();
        rejectedByReason.get(reason).inc();
        ctx.output(REJECTED, rejection);
        ctx.output(LEDGER, LineOutcome.rejected(rejection.sourceFile()));
    }
}
