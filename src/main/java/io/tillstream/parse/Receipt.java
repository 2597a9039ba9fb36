package io.tillstream.parse;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A parsed, PII-free sale. Nothing here identifies a person: the customer's name and card number
 * were used to derive {@code saleId} and {@code customerKey} and then dropped by the parser.
 *
 * @param saleId keyed HMAC of the whole row: the same row uploaded twice gets the same id
 * @param customerKey keyed HMAC of the card number, or the empty string (cash, or no usable number)
 */
@TypeInfo(ReceiptSerializer.Factory.class)
public record Receipt(
        String saleId,
        String branchId,
        String branchName,
        Instant soldAt,
        PaymentType paymentType,
        BigDecimal total,
        String customerKey,
        List<SaleItem> items,
        String sourceFile,
        long sourceLine) {

    public long eventTimeMillis() {
        return soldAt.toEpochMilli();
    }
}
