package io.tillstream.aggregate;

import java.math.BigDecimal;

/** Running totals of a window: receipts with the product, items, revenue. */
public record Figures(long sales, long items, BigDecimal revenue) {
    static final Figures NONE = new Figures(0, 0, BigDecimal.ZERO.setScale(2));

    Figures plus(ProductSale sale) {
        return new Figures(sales + 1, items + sale.items(), revenue.add(sale.revenue()));
    }

    Figures plus(Figures other) {
        return new Figures(sales + other.sales, items + other.items, revenue.add(other.revenue));
    }
}
