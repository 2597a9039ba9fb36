package io.tillstream.bench;

import io.tillstream.local.GeneratedFile;
import io.tillstream.parse.Keys;
import io.tillstream.parse.ParseOutcome;
import io.tillstream.parse.Receipt;
import io.tillstream.parse.ReceiptParser;
import io.tillstream.parse.SaleItem;
import io.tillstream.source.SourceLine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The warehouse rows a set of till files becomes, computed in the client with Tillstream's own
 * parser: what the baselines load, so that every loader writes exactly the same rows.
 */
final class NormalisedRows {
    final Map<String, Receipt> sales = new LinkedHashMap<>();
    final Map<String, SaleItem> products = new LinkedHashMap<>();
    final Map<String, String> branches = new LinkedHashMap<>();
    long items;

    static NormalisedRows of(List<GeneratedFile> files, String secret, ZoneId zone) {
        ReceiptParser parser = new ReceiptParser(new Keys(secret), zone);
        NormalisedRows rows = new NormalisedRows();
        for (GeneratedFile file : files) {
            long lineNumber = 0;
            for (String line : text(file).split("\n", -1)) {
                ParseOutcome outcome = parser.parse(new SourceLine(file.name(), ++lineNumber, line));
                if (outcome instanceof ParseOutcome.Parsed parsed) {
                    rows.add(parsed.receipt());
                }
            }
        }
        return rows;
    }

    void add(Receipt receipt) {
        if (sales.putIfAbsent(receipt.saleId(), receipt) == null) {
            branches.putIfAbsent(receipt.branchId(), receipt.branchName());
            for (SaleItem item : receipt.items()) {
                products.putIfAbsent(item.productId(), item);
                items++;
            }
        }
    }

    static String text(GeneratedFile file) {
        if (!file.gzipped()) {
            return new String(file.content(), StandardCharsets.UTF_8);
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file.content()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
