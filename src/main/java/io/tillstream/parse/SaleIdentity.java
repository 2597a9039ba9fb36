package io.tillstream.parse;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The canonical form of a sale that its id is the HMAC of (identity version 2, see {@code
 * docs/identity.md}): what the sale is, not how a tool wrote it. Everything that a spreadsheet
 * re-save, a re-export or padding changes is folded away: seconds, case and spacing of branch and
 * customer name, trailing zeros of prices. The card number is left out because no representation
 * of it survives both a spreadsheet ({@code 5.49E+15}) and a masked export.
 *
 * <p>Changing anything here changes every sale id, and with it the dedupe against existing rows and
 * savepoints: {@code IdentityGoldenVectorsTest} pins the output, and a change needs a new version.
 */
final class SaleIdentity {
    static final String VERSION = "sale-v2";

    private SaleIdentity() {}

    static String canonical(
            LocalDateTime localTime,
            String branch,
            String customerName,
            List<SaleItem> items,
            BigDecimal total,
            PaymentType payment) {
        StringBuilder canonical = new StringBuilder(128)
                .append(localTime.truncatedTo(ChronoUnit.MINUTES))
                .append('\n')
                .append(Keys.normalise(branch))
                .append('\n')
                .append(Keys.normalise(customerName))
                .append('\n');
        for (SaleItem item : items) {
            canonical
                    .append(item.productId())
                    .append('=')
                    .append(amount(item.price()))
                    .append(';');
        }
        return canonical
                .append('\n')
                .append(amount(total))
                .append('\n')
                .append(payment.name())
                .toString();
    }

    private static String amount(BigDecimal value) {
        return value.setScale(2).toPlainString();
    }
}
