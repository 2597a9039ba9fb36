package io.tillstream.parse;

import java.io.IOException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final int UUID_LENGTH = 36;
    /** At most three bytes a character in modified UTF-8, whose length field has 16 bits. */
    private static final int MAX_UTF_CHARS = 65_535 / 3;

    private static final byte UUID_ID = 1;
    private static final byte TEXT_ID = 0;
    private static final byte LONG_AMOUNT = 0;
    private static final byte BIG_AMOUNT = 1;

    /** The value of each lower-case hexadecimal digit, -1 for every other character below 'g'. */
    private static final byte[] HEX = new byte['g'];

    static {
        Arrays.fill(HEX, (byte) -1);
        for (char c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (char c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
        }
    }

    @Override
    public void serialize(Receipt r, DataOutputView out) throws IOException {
        writeId(r.saleId(), out);
        writeId(r.branchId(), out);
        writeText(r.branchName(), out);
        out.writeLong(r.soldAt().getEpochSecond());
        out.writeInt(r.soldAt().getNano());
        out.writeByte(r.paymentType().ordinal());
        writeAmount(r.total(), out);
        writeId(r.customerKey(), out);
        out.writeInt(r.items().size());
        for (SaleItem item : r.items()) {
            writeId(item.productId(), out);
            writeText(item.productName(), out);
            writeText(item.size(), out);
            writeText(item.flavour(), out);
            writeAmount(item.price(), out);
        }
        writeText(r.sourceFile(), out);
        out.writeLong(r.sourceLine());
    }

    @Override
    public Receipt deserialize(DataInputView in) throws IOException {
        String saleId = readId(in);
        String branchId = readId(in);
        String branchName = readText(in);
        Instant soldAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
        PaymentType paymentType = PAYMENT_TYPES[in.readByte()];
        BigDecimal total = readAmount(in);
        String customerKey = readId(in);
        int count = in.readInt();
        List<SaleItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(new SaleItem(readId(in), readText(in), readText(in), readText(in), readAmount(in)));
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
                readText(in),
                in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<Receipt> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Ids are lower-case UUIDs, written as two longs; anything else (tests, an empty key) as text. */
    private static void writeId(String id, DataOutputView out) throws IOException {
        long high = 0;
        long low = 0;
        boolean uuid = id.length() == UUID_LENGTH;
        for (int i = 0; uuid && i < UUID_LENGTH; i++) {
            char c = id.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                uuid = c == '-';
            } else {
                int digit = c < HEX.length ? HEX[c] : -1;
                uuid = digit >= 0;
                if (i < 18) {
                    high = high << 4 | digit;
                } else {
                    low = low << 4 | digit;
                }
            }
        }
        if (uuid) {
            out.writeByte(UUID_ID);
            out.writeLong(high);
            out.writeLong(low);
        } else {
            out.writeByte(TEXT_ID);
            writeText(id, out);
        }
    }

    private static String readId(DataInputView in) throws IOException {
        if (in.readByte() == TEXT_ID) {
            return readText(in);
        }
        return new UUID(in.readLong(), in.readLong()).toString();
    }

    /**
     * Text as modified UTF-8 in one call, which the network's buffer writes in one loop, rather than
     * a call per character; text too long for its 16-bit length goes as Flink writes strings.
     */
    private static void writeText(String text, DataOutputView out) throws IOException {
        if (text.length() <= MAX_UTF_CHARS) {
            out.writeBoolean(true);
            out.writeUTF(text);
        } else {
            out.writeBoolean(false);
            StringValue.writeString(text, out);
        }
    }

    private static String readText(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readUTF() : StringValue.readString(in);
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
