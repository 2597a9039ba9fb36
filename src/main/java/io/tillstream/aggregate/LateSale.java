package io.tillstream.aggregate;

import java.math.BigDecimal;

/** A row of {@code product_sales_late}: a product sale that came after its window's allowed lateness. */
public record LateSale(
        int windowMinutes,
        long windowStart,
        String branchId,
        String productId,
        String saleId,
        long items,
        BigDecimal revenue) {}
