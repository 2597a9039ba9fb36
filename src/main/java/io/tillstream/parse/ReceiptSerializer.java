package io.tillstream.parse;

import java.io.IOException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Receipts between the parser and the dedupe stage, the job's only shuffle of whole sales. Flink's
 * record serializer wrote every field through a nullable wrapper and every id as 36 characters, a
 * byte at a time, and copied whole receipts for the sale sink: this one writes ids as 16 bytes and
 * never copies, as receipts are immutable. Receipts are never kept in state or savepoints, so the
 * format may change with any build.
 */
public final class ReceiptSerializer extends ImmutableSerializer<Receipt> {
    private static final long serialVersionUID = 1L;
    public static final ReceiptSerializer INSTANCE = new ReceiptSerializer();

    private static final PaymentType[] PAYMENT_TYPES = PaymentType.values();
    private static final byte UUID_ID = 1;
    private static final byte TEXT_ID = 0;
    private static final byte LONG_AMOUNT = 0;
    private static final byte BIG_AMOUNT = 1;

    @Override
    public void serialize(Receipt r, DataOutputView out) throws IOException {
        writeId(r.saleId(), out);
        writeId(r.branchId(), out);
        StringValue.writeString(r.branchName(), out);
        out.writeLong(r.soldAt().getEpochSecond());
        out.writeInt(r.soldAt().getNano());
        out.writeByte(r.paymentType().ordinal());
        writeAmount(r.total(), out);
        writeId(r.customerKey(), out);
        out.writeInt(r.items().size());
        for (SaleItem item : r.items()) {
            writeId(item.productId(), out);
            StringValue.writeString(item.productName(), out);
            StringValue.writeString(item.size(), out);
            StringValue.writeString(item.flavour(), out);
            writeAmount(item.price(), out);
        }
        StringValue.writeString(r.sourceFile(), out);
        out.writeLong(r.sourceLine());
    }

    @Override
    public Receipt deserialize(DataInputView in) throws IOException {
        String saleId = readId(in);
        String branchId = readId(in);
        String branchName = StringValue.readString(in);
        Instant soldAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
        PaymentType paymentType = PAYMENT_TYPES[in.readByte()];
        BigDecimal total = readAmount(in);
        String customerKey = readId(in);
        int count = in.readInt();
        List<SaleItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(new SaleItem(
                    readId(in),
                    StringValue.readString(in),
                    StringValue.readString(in),
                    StringValue.readString(in),
                    readAmount(in)));
        }
        return new Receipt(
                saleId,
                branchId,
                branchName,
                soldAt,
                paymentType,
                total,
                customerKey,
                List.copyOf(items),
                StringValue.readString(in),
                in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<Receipt> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Ids are lower-case UUIDs, written as two longs; anything else (tests, an empty key) as text. */
    private static void writeId(String id, DataOutputView out) throws IOException {
        if (isLowerCaseUuid(id)) {
            out.writeByte(UUID_ID);
            out.writeLong(hex(id, 0, 8) << 32 | hex(id, 9, 13) << 16 | hex(id, 14, 18));
            out.writeLong(hex(id, 19, 23) << 48 | hex(id, 24, 36));
        } else {
            out.writeByte(TEXT_ID);
            StringValue.writeString(id, out);
        }
    }

    private static String readId(DataInputView in) throws IOException {
        if (in.readByte() == TEXT_ID) {
            return StringValue.readString(in);
        }
        return new UUID(in.readLong(), in.readLong()).toString();
    }

    static boolean isLowerCaseUuid(String id) {
        if (id.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static long hex(String id, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value << 4 | Character.digit(id.charAt(i), 16);
        }
        return value;
    }

    /** Prices and totals: an unscaled long with its scale, or the unscaled bytes when too large for one. */
    private static void writeAmount(BigDecimal amount, DataOutputView out) throws IOException {
        out.writeInt(amount.scale());
        BigInteger unscaled = amount.unscaledValue();
        if (unscaled.bitLength() < Long.SIZE) {
            out.writeByte(LONG_AMOUNT);
            out.writeLong(unscaled.longValue());
        } else {
            byte[] bytes = unscaled.toByteArray();
            out.writeByte(BIG_AMOUNT);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static BigDecimal readAmount(DataInputView in) throws IOException {
        int scale = in.readInt();
        if (in.readByte() == LONG_AMOUNT) {
            return BigDecimal.valueOf(in.readLong(), scale);
        }
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new BigDecimal(new BigInteger(bytes), scale);
    }

    /** Makes Flink use {@link #INSTANCE} wherever a {@link Receipt} travels. */
    public static final class Factory extends TypeInfoFactory<Receipt> {
        @Override
        public TypeInformation<Receipt> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
            return new ImmutableTypeInfo<>(Receipt.class, INSTANCE);
        }
    }

    /** Restores {@link #INSTANCE}; the format has no versions because no receipt outlives a job. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Receipt> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
