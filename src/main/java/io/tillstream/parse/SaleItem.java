package io.tillstream.parse;

import java.math.BigDecimal;

/**
 * One product on a receipt. A product bought twice appears twice, as the tills write it.
 *
 * @param productId deterministic id of (name, size, flavour), see {@link Keys#productId}
 * @param flavour the flavour, or the empty string for plain products
 */
public record SaleItem(String productId, String productName, String size, String flavour, BigDecimal price) {}
