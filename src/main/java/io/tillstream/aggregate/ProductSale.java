package io.tillstream.aggregate;

import io.tillstream.parse.Receipt;
import io.tillstream.parse.SaleItem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One receipt's purchase of one product: how many, for how much. The unit the windows add up. */
public record ProductSale(String branchId, String productId, String saleId, long items, BigDecimal revenue) {

    /** The key windows are computed under: one series per branch and product. */
    public String windowKey() {
        return branchId + "|" + productId;
    }

    /** A receipt's items grouped by product, in the order the products first appear on it. */
    public static List<ProductSale> of(Receipt receipt) {
        Map<String, ProductSale> byProduct = new LinkedHashMap<>();
        for (SaleItem item : receipt.items()) {
            byProduct.merge(
                    item.productId(),
                    new ProductSale(receipt.branchId(), item.productId(), receipt.saleId(), 1, item.price()),
                    (a, b) ->
                            new ProductSale(a.branchId, a.productId, a.saleId, a.items + 1, a.revenue.add(b.revenue)));
        }
        return new ArrayList<>(byProduct.values());
    }
}
