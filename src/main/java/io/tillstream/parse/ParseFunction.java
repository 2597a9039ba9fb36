package io.tillstream.parse;

import io.tillstream.source.SourceLine;
import java.time.ZoneId;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** The Flink side of {@link ReceiptParser}: sales go on, rejections to a side output, all counted. */
public final class ParseFunction extends ProcessFunction<SourceLine, Receipt> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<Rejection> REJECTED = new OutputTag<>("rejected") {};

    private final String hmacSecret;
    private final String timeZone;

    private transient ReceiptParser parser;
    private transient Counter lines;
    private transient Counter receipts;
    private transient Counter blank;
    private transient Counter rejected;

    public ParseFunction(String hmacSecret, ZoneId timeZone) {
        this.hmacSecret = hmacSecret;
        this.timeZone = timeZone.getId();
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new ReceiptParser(new Keys(hmacSecret), ZoneId.of(timeZone));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        lines = metrics.counter("linesRead");
        receipts = metrics.counter("receiptsParsed");
        blank = metrics.counter("blankLines");
        rejected = metrics.counter("linesRejected");
    }

    @Override
    public void processElement(SourceLine line, Context ctx, Collector<Receipt> out) {
        lines.inc();
        ParseOutcome outcome = parser.parse(line);
        if (outcome instanceof ParseOutcome.Parsed parsed) {
            receipts.inc();
            out.collect(parsed.receipt());
        } else if (outcome instanceof ParseOutcome.Rejected rejection) {
            rejected.inc();
            ctx.output(REJECTED, rejection.rejection());
        } else {
            blank.inc();
        }
    }
}
