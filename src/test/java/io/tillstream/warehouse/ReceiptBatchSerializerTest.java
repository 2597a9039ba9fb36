package io.tillstream.warehouse;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.tillstream.parse.Keys;
import io.tillstream.parse.PaymentType;
import io.tillstream.parse.Receipt;
import io.tillstream.parse.SaleItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.junit.jupiter.api.Test;

class ReceiptBatchSerializerTest extends SerializerTestBase<ReceiptBatch> {

    private static Receipt receipt(String saleId, String product) {
        return new Receipt(
                saleId,
                Keys.branchId("Leeds"),
                "Leeds",
                Instant.parse("2020-01-01T09:01:00Z"),
                PaymentType.CASH,
                new BigDecimal("2.30"),
                "",
                List.of(new SaleItem(
                        Keys.productId(product, "Regular", ""), product, "Regular", "", new BigDecimal("2.30"))),
                "leeds_01-01-2020_09-00-00.csv",
                3);
    }

    @Override
    protected TypeSerializer<ReceiptBatch> createSerializer() {
        return ReceiptBatchSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<ReceiptBatch> getTypeClass() {
        return ReceiptBatch.class;
    }

    @Override
    protected ReceiptBatch[] getTestData() {
        return new ReceiptBatch[] {
            new ReceiptBatch(List.of()),
            new ReceiptBatch(List.of(
                    receipt("0f0e3b56-4c39-4b44-9d43-6b8f5c0a1e01", "Chai latte"), receipt("s-2", "Filter coffee")))
        };
    }

    @Override
    protected boolean allowNullInstances(TypeSerializer<ReceiptBatch> serializer) {
        return true;
    }

    @Test
    void theSaleSinkCopiesNoBatch() {
        TypeSerializer<ReceiptBatch> serializer =
                TypeInformation.of(ReceiptBatch.class).createSerializer(new SerializerConfigImpl());
        ReceiptBatch batch = getTestData()[1];
        assertSame(batch, serializer.copy(batch), "flink-connector-jdbc copies every buffered record with it");
    }
}
