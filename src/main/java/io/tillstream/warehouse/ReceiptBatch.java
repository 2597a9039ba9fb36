package io.tillstream.warehouse;

import io.tillstream.parse.Receipt;
import java.util.List;

/** Receipts written by one statement: a few hundred rows per round trip instead of one. */
public record ReceiptBatch(List<Receipt> receipts) {}
