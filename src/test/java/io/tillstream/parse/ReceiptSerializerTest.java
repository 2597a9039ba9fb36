package io.tillstream.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's own serializer contract (round trips, snapshots, copies), on receipts as tills and tests make them. */
class ReceiptSerializerTest extends SerializerTestBase<Receipt> {
    private static final Keys KEYS = new Keys("serializer-test-secret");

    static Receipt parsed() {
        return new Receipt(
                KEYS.saleId("a row"),
                Keys.branchId("Chesterfield"),
                "Chesterfield",
                Instant.parse("2021-08-25T08:01:00Z"),
                PaymentType.CARD,
                new BigDecimal("4.10"),
                KEYS.customerKey("5933000000003005"),
                List.of(
                        new SaleItem(
                                Keys.productId("Chai latte", "Large", ""),
                                "Chai latte",
                                "Large",
                                "",
                                new BigDecimal("2.60")),
                        new SaleItem(
                                Keys.productId("Speciality tea", "Regular", "English breakfast"),
                                "Speciality tea",
                                "Regular",
                                "English breakfast",
                                new BigDecimal("1.50"))),
                "copy-3/chesterfield_25-08-2021_09-00-00.csv",
                2);
    }

    /** Ids that are not lower-case UUIDs, names no till would write, amounts no price has. */
    static Receipt unusual() {
        return new Receipt(
                "S-1",
                "8F14E45F-CEEA-367A-9A36-DEDD4BEA2543",
                "Café Zürich – 東京 " + "€".repeat(30_000),
                Instant.ofEpochSecond(-1, 999_999_999),
                PaymentType.CASH,
                new BigDecimal("123456789012345678901234567890.12"),
                "",
                List.of(new SaleItem("8f14e45f-ceea-367a-9a36-dedd4bea254", "", "", "", new BigDecimal("1E+3"))),
                "",
                Long.MAX_VALUE);
    }

    @Override
    protected TypeSerializer<Receipt> createSerializer() {
        return ReceiptSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<Receipt> getTypeClass() {
        return Receipt.class;
    }

    @Override
    protected Receipt[] getTestData() {
        return new Receipt[] {parsed(), unusual()};
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<Receipt> serializer) {
        return true;
    }

    @Test
    void flinkUsesItWhereverAReceiptTravels() {
        TypeSerializer<Receipt> serializer =
                TypeInformation.of(Receipt.class).createSerializer(new SerializerConfigImpl());
        assertSame(ReceiptSerializer.INSTANCE, serializer);
    }

    @Test
    void aReceiptIsItsOwnCopy() {
        Receipt receipt = parsed();
        assertSame(receipt, ReceiptSerializer.INSTANCE.copy(receipt));
    }

    @Test
    void idsTravelAsSixteenBytesAndAnythingElseAsText() throws IOException {
        Receipt lowerCase = parsed();
        Receipt upperCase = new Receipt(
                lowerCase.saleId().toUpperCase(Locale.ROOT),
                lowerCase.branchId().toUpperCase(Locale.ROOT),
                lowerCase.branchName(),
                lowerCase.soldAt(),
                lowerCase.paymentType(),
                lowerCase.total(),
                lowerCase.customerKey().toUpperCase(Locale.ROOT),
                lowerCase.items().stream()
                        .map(i -> new SaleItem(
                                i.productId().toUpperCase(Locale.ROOT),
                                i.productName(),
                                i.size(),
                                i.flavour(),
                                i.price()))
                        .toList(),
                lowerCase.sourceFile(),
                lowerCase.sourceLine());

        assertEquals(upperCase, roundTrip(upperCase), "upper case comes back as it went");
        assertEquals(
                5 * ((1 + 1 + 2 + 36) - (1 + 16)),
                size(upperCase) - size(lowerCase),
                "five ids (sale, branch, customer, two products), each 16 bytes instead of a 2-byte length and 36");
    }

    private static Receipt roundTrip(Receipt receipt) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        ReceiptSerializer.INSTANCE.serialize(receipt, out);
        return ReceiptSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private static int size(Receipt receipt) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        ReceiptSerializer.INSTANCE.serialize(receipt, out);
        return out.length();
    }
}
