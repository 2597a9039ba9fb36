package io.tillstream.warehouse;

import io.tillstream.parse.Receipt;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/** Receipts written by one statement: a few hundred rows per round trip instead of one. */
@TypeInfo(ReceiptBatchSerializer.Factory.class)
public record ReceiptBatch(List<Receipt> receipts) {}
