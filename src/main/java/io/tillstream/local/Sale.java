package io.tillstream.local;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One generated receipt: what was sold, and the quirks of how the till wrote it down.
 *
 * @param cardType the legacy layout's card type, e.g. {@code visa16}; empty for cash
 * @param cardNumber 16 digits, or empty for cash
 * @param terseTotal whether the current layout writes the total as {@code 5.2} rather than {@code 5.20}
 */
record Sale(
        LocalDateTime time,
        String branch,
        String customer,
        List<Item> items,
        String cardType,
        String cardNumber,
        boolean terseTotal) {

    static final String STANDARD = "Standard";

    /**
     * @param writtenName the product as the till spells it, e.g. {@code Hot Chocolate}
     * @param size Regular, Large, or Standard (written blank, legacy layout only)
     */
    record Item(String writtenName, String size, String flavour, BigDecimal price) {
        /** The one name the warehouse knows the product by, whatever the spelling on the till. */
        String product() {
            String lower = writtenName.toLowerCase(Locale.ROOT);
            return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
        }

        /** The product as written, with its flavour: {@code Frappes - Coffee}. */
        String described() {
            return flavour.isEmpty() ? writtenName : writtenName + " - " + flavour;
        }
    }

    Sale {
        items = List.copyOf(items);
    }

    boolean card() {
        return !cardNumber.isEmpty();
    }

    BigDecimal total() {
        return items.stream().map(Item::price).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    /**
     * Everything the parser hashes into the sale id, at minute precision (the current layout has no
     * seconds), with spelling differences removed: two sales with one identity would look like a
     * duplicate upload.
     */
    String identity() {
        String sold = items.stream()
                .map(item -> item.product() + '|' + item.size() + '|' + item.flavour() + '|' + item.price())
                .collect(Collectors.joining(";"));
        return String.join("\n", time.truncatedTo(ChronoUnit.MINUTES).toString(), branch, customer, sold, cardNumber);
    }
}
