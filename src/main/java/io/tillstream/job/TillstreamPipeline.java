package io.tillstream.job;

import io.tillstream.aggregate.BranchWindows;
import io.tillstream.aggregate.RefreshAfterCommit;
import io.tillstream.aggregate.RefreshBatch;
import io.tillstream.aggregate.SaleTime;
import io.tillstream.aggregate.SaleTimesPerWindow;
import io.tillstream.aggregate.WindowRefresh;
import io.tillstream.dedupe.FirstOccurrence;
import io.tillstream.dedupe.NewToThisSubtask;
import io.tillstream.dedupe.StringKeySerializer;
import io.tillstream.ledger.FileLedgerFunction;
import io.tillstream.ledger.IngestFileRow;
import io.tillstream.ledger.LineOutcome;
import io.tillstream.ledger.LoadedLinesTally;
import io.tillstream.parse.ParseFunction;
import io.tillstream.parse.Receipt;
import io.tillstream.parse.Rejection;
import io.tillstream.parse.SaleItem;
import io.tillstream.source.SourceLine;
import io.tillstream.warehouse.BranchRow;
import io.tillstream.warehouse.ProductRow;
import io.tillstream.warehouse.ReceiptBatch;
import io.tillstream.warehouse.ReceiptBatcher;
import io.tillstream.warehouse.WarehouseSinks;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * The data's journey as a Flink graph: till lines → parse and scrub → event time → dedupe →
 * warehouse tables, product figures per window, and the per-file ledger. Sources and sinks are arguments so tests can bring their own.
 *
 * <p>Every stateful operator has a {@link Uid}: savepoints map state to operators by these ids, so
 * they must never change once a job has run in production.
 */
public final class TillstreamPipeline {

    /** Operator ids. Renaming one orphans its state in every existing savepoint. */
    public static final class Uid {
        public static final String SOURCE = "till-files";
        public static final String PARSE = "parse";
        public static final String DEDUPE_SALES = "dedupe-sales";
        public static final String SALE_BATCHES = "sale-batches";
        public static final String SALE_SINK = "sale-sink";
        public static final String PRODUCTS = "products";
        public static final String RECENT_PRODUCTS = "recent-products";
        public static final String DEDUPE_PRODUCTS = "dedupe-products";
        public static final String PRODUCT_SINK = "product-sink";
        public static final String BRANCHES = "branches";
        public static final String RECENT_BRANCHES = "recent-branches";
        public static final String DEDUPE_BRANCHES = "dedupe-branches";
        public static final String BRANCH_SINK = "branch-sink";
        public static final String REJECTION_SINK = "rejected-row-sink";
        public static final String LOADED_OUTCOMES = "loaded-outcomes";
        public static final String DUPLICATE_OUTCOMES = "duplicate-outcomes";
        public static final String LEDGER = "ledger";
        public static final String LEDGER_SINK = "ingest-file-sink";
        public static final String SALE_TIMES = "sale-times";
        public static final String BRANCH_WINDOWS = "branch-windows";
        public static final String WINDOW_REFRESHES = "window-refreshes";
        public static final String WINDOW_SINK = "product-sales-window-sink";

        private Uid() {}
    }

    /** Flink metric names, as they appear in the web UI and metric reporters. */
    public static final class Metric {
        public static final String DUPLICATE_SALES = "duplicateSales";
        public static final String REPEATED_PRODUCTS = "repeatedProducts";
        public static final String REPEATED_BRANCHES = "repeatedBranches";

        private Metric() {}
    }

    /** Receipts per sale statement: large enough to amortise a round trip, small enough for one packet train. */
    private static final int SALE_BATCH = 500;
    /** Windows recomputed per statement: one plan and one round trip for many windows. */
    private static final int REFRESH_BATCH = 500;

    /** Products and branches each subtask remembers having passed on: far more than a chain has. */
    private static final int RECENT_DIMENSIONS = 10_000;
    /** How long loaded lines are counted per file, and sale times merged per window, before they go on. */
    private static final long MERGE_FLUSH_MILLIS = 100;

    /** Every stage is keyed by a string; written in bulk, see {@link StringKeySerializer}. */
    private static final TypeInformation<String> KEY = StringKeySerializer.TYPE;

    private static final TypeInformation<Receipt> RECEIPT = TypeInformation.of(Receipt.class);
    private static final TypeInformation<ProductRow> PRODUCT = TypeInformation.of(ProductRow.class);
    private static final TypeInformation<BranchRow> BRANCH = TypeInformation.of(BranchRow.class);
    private static final TypeInformation<LineOutcome> OUTCOME = TypeInformation.of(LineOutcome.class);

    private TillstreamPipeline() {}

    public static void build(
            StreamExecutionEnvironment env,
            TillstreamConfig config,
            Source<SourceLine, ?, ?> source,
            WarehouseSinks sinks) {
        // No watermarks anywhere: every branch's till is its own clock (BranchWindows), and the
        // dedupe forgets keys on the wall clock.
        DataStream<SourceLine> lines = env.fromSource(source, WatermarkStrategy.noWatermarks(), "till files")
                .uid(Uid.SOURCE);

        SingleOutputStreamOperator<Receipt> parsed = lines.process(
                        new ParseFunction(config.hmacSecret(), config.timeZone(), config.eventTimeBounds()))
                .uid(Uid.PARSE)
                .name("parse and scrub PII");

        FirstOccurrence<Receipt> firstSales =
                new FirstOccurrence<>(config.dedupeRetention(), Metric.DUPLICATE_SALES, RECEIPT);
        SingleOutputStreamOperator<Receipt> sales = parsed.keyBy(Receipt::saleId, KEY)
                .process(firstSales)
                .returns(RECEIPT)
                .uid(Uid.DEDUPE_SALES)
                .name("dedupe sales");

        writeWarehouse(parsed, sales, config, sinks);
        writeProductFigures(sales, config, sinks);
        writeLedger(parsed, sales, firstSales, config, sinks);
    }

    /**
     * Each sink is fed by a stream partitioned on its table's key, so no two parallel XA
     * transactions ever insert the same key and wait on each other's row lock (trap 4).
     */
    private static void writeWarehouse(
            SingleOutputStreamOperator<Receipt> parsed,
            DataStream<Receipt> sales,
            TillstreamConfig config,
            WarehouseSinks sinks) {
        sales.transform("sale batches", TypeInformation.of(ReceiptBatch.class), new ReceiptBatcher(SALE_BATCH))
                .uid(Uid.SALE_BATCHES)
                .sinkTo(sinks.sales())
                .uid(Uid.SALE_SINK)
                .name("warehouse: sale + sale_item");

        sales.flatMap(TillstreamPipeline::products)
                .returns(ProductRow.class)
                .uid(Uid.PRODUCTS)
                .name("products")
                .filter(new NewToThisSubtask<>(ProductRow::productId, RECENT_DIMENSIONS))
                .uid(Uid.RECENT_PRODUCTS)
                .name("products new to this subtask")
                .keyBy(ProductRow::productId, KEY)
                .process(new FirstOccurrence<>(config.dedupeRetention(), Metric.REPEATED_PRODUCTS, PRODUCT))
                .returns(PRODUCT)
                .uid(Uid.DEDUPE_PRODUCTS)
                .name("new products")
                .sinkTo(sinks.products())
                .uid(Uid.PRODUCT_SINK)
                .name("warehouse: product");

        sales.map(BranchRow::of)
                .returns(BranchRow.class)
                .uid(Uid.BRANCHES)
                .name("branches")
                .filter(new NewToThisSubtask<>(BranchRow::branchId, RECENT_DIMENSIONS))
                .uid(Uid.RECENT_BRANCHES)
                .name("branches new to this subtask")
                .keyBy(BranchRow::branchId, KEY)
                .process(new FirstOccurrence<>(config.dedupeRetention(), Metric.REPEATED_BRANCHES, BRANCH))
                .returns(BRANCH)
                .uid(Uid.DEDUPE_BRANCHES)
                .name("new branches")
                .sinkTo(sinks.branches())
                .uid(Uid.BRANCH_SINK)
                .name("warehouse: branch");

        parsed.getSideOutput(ParseFunction.REJECTED)
                .keyBy(Rejection::rejectionId, KEY)
                .sinkTo(sinks.rejections())
                .uid(Uid.REJECTION_SINK)
                .name("warehouse: rejected_row");
    }

    /**
     * Product figures per window, recomputed from the warehouse once the sales that touched a window
     * are committed. Keyed by branch: each branch's clock decides when its windows are final, and
     * each branch's rows are written by one sink subtask (DESIGN.md, trap 4).
     */
    private static void writeProductFigures(DataStream<Receipt> sales, TillstreamConfig config, WarehouseSinks sinks) {
        sales.transform(
                        "sale times per window",
                        TypeInformation.of(SaleTime.class),
                        new SaleTimesPerWindow(config.windowSizes().get(0), MERGE_FLUSH_MILLIS))
                .uid(Uid.SALE_TIMES)
                .keyBy(SaleTime::branchId, KEY)
                .process(new BranchWindows(config.windowSizes(), config.outOfOrderness(), config.finalAfterIdle()))
                .returns(WindowRefresh.class)
                .uid(Uid.BRANCH_WINDOWS)
                .name("windows on each branch's clock")
                .transform(
                        "window refreshes after commit",
                        TypeInformation.of(RefreshBatch.class),
                        new RefreshAfterCommit(REFRESH_BATCH))
                .uid(Uid.WINDOW_REFRESHES)
                .sinkTo(sinks.windows())
                .uid(Uid.WINDOW_SINK)
                .name("warehouse: product_sales_window");
    }

    /** Every line ends up in exactly one of these streams: the ledger proves it, file by file. */
    private static void writeLedger(
            SingleOutputStreamOperator<Receipt> parsed,
            SingleOutputStreamOperator<Receipt> sales,
            FirstOccurrence<Receipt> firstSales,
            TillstreamConfig config,
            WarehouseSinks sinks) {
        DataStream<LineOutcome> loaded = sales.transform(
                        "loaded lines per file", OUTCOME, new LoadedLinesTally(MERGE_FLUSH_MILLIS))
                .uid(Uid.LOADED_OUTCOMES);
        DataStream<LineOutcome> duplicates = sales.getSideOutput(firstSales.repeats())
                .map(LineOutcome::duplicate)
                .returns(OUTCOME)
                .uid(Uid.DUPLICATE_OUTCOMES)
                .name("duplicate lines");
        parsed.getSideOutput(ParseFunction.LEDGER)
                .union(loaded, duplicates)
                .keyBy(LineOutcome::file, KEY)
                .process(new FileLedgerFunction(config.ledgerFlushInterval().toMillis()))
                .returns(IngestFileRow.class)
                .uid(Uid.LEDGER)
                .name("file ledger")
                .sinkTo(sinks.ledger())
                .uid(Uid.LEDGER_SINK)
                .name("warehouse: ingest_file");
    }

    private static void products(Receipt receipt, Collector<ProductRow> out) {
        for (SaleItem item : receipt.items()) {
            out.collect(ProductRow.of(item));
        }
    }
}
