package io.tillstream.aggregate;

import java.math.BigDecimal;

/**
 * A row of {@code product_sales_window}: a window's whole figure so far.
 *
 * @param firings 1 for the on-time firing, one more for each late correction
 */
public record WindowFigure(
        long windowStart,
        int windowMinutes,
        String branchId,
        String productId,
        long sales,
        long items,
        BigDecimal revenue,
        int firings) {}
