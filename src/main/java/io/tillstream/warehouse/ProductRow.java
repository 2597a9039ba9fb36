package io.tillstream.warehouse;

import io.tillstream.parse.SaleItem;

/** A row of {@code product}. */
public record ProductRow(String productId, String name, String size, String flavour) {

    public static ProductRow of(SaleItem item) {
        return new ProductRow(item.productId(), item.productName(), item.size(), item.flavour());
    }
}
