package io.tillstream.warehouse;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.postgresql.util.PGBinaryObject;
import org.postgresql.util.PGobject;

/**
 * One array parameter in PostgreSQL's binary format, as {@code array_recv} reads it, written element
 * by element into one buffer.
 *
 * <p>The sale statement carries a batch of receipts as parallel arrays. As text arrays, every id,
 * timestamp and amount was formatted to a string, encoded again by pgjdbc into buffers that grew by
 * doubling, and parsed back by PostgreSQL: a fifth of the JVM's samples in a catch-up's profile.
 * Binary elements are the values' own bytes: 16 per id, 8 per instant.
 *
 * <p>pgjdbc sends it in binary only on a connection that enables binary transfer for its type
 * ({@link #ARRAY_OIDS}); anywhere else {@link #getValue()} fails loudly rather than bind a null.
 */
final class BinaryArray extends PGobject implements PGBinaryObject {
    /** The arrays' PostgreSQL type oids, for pgjdbc's {@code binaryTransferEnable}. */
    static final String ARRAY_OIDS = "1000,1007,1016,1009,1231,1115,1185,2951";

    /** Element types, with their fixed oids and widths in bytes (-1: varies). */
    enum Element {
        BOOL(16, "_bool", 1),
        INT4(23, "_int4", 4),
        INT8(20, "_int8", 8),
        TEXT(25, "_text", -1),
        NUMERIC(1700, "_numeric", -1),
        TIMESTAMP(1114, "_timestamp", 8),
        TIMESTAMPTZ(1184, "_timestamptz", 8),
        UUID(2950, "_uuid", 16);

        final int oid;
        final String arrayType;
        final int width;

        Element(int oid, String arrayType, int width) {
            this.oid = oid;
            this.arrayType = arrayType;
            this.width = width;
        }
    }

    private static final int HEADER = 20;
    private static final int EMPTY_HEADER = 12;
    /** PostgreSQL counts time from 2000-01-01 00:00, in microseconds. */
    private static final long POSTGRES_EPOCH_SECOND = 946_684_800L;

    private static final short NUMERIC_POSITIVE = 0x0000;
    private static final short NUMERIC_NEGATIVE = 0x4000;
    private static final int NBASE = 10_000;
    private static final int DIGITS_PER_NBASE = 4;
    /** Digits a long holds after padding the scale up to a whole base-10000 digit. */
    private static final int MAX_UNSCALED_DIGITS = 15;

    private final Element element;
    private byte[] body;
    private int size;
    private int count;
    private boolean hasNull;

    /** @param expected elements to make room for; more are still accepted */
    BinaryArray(Element element, int expected) {
        this.element = element;
        this.type = element.arrayType;
        this.body = new byte[expected * (Integer.BYTES + (element.width > 0 ? element.width : 24))];
    }

    BinaryArray bool(boolean value) {
        put(Element.BOOL, 1);
        body[size++] = (byte) (value ? 1 : 0);
        return this;
    }

    BinaryArray int4(int value) {
        put(Element.INT4, Integer.BYTES);
        putInt(value);
        return this;
    }

    BinaryArray int8(long value) {
        put(Element.INT8, Long.BYTES);
        putLong(value);
        return this;
    }

    /** @param value null for SQL NULL */
    BinaryArray text(String value) {
        if (value == null) {
            return putNull(Element.TEXT);
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        put(Element.TEXT, utf8.length);
        System.arraycopy(utf8, 0, body, size, utf8.length);
        size += utf8.length;
        return this;
    }

    BinaryArray timestamptz(Instant value) {
        put(Element.TIMESTAMPTZ, Long.BYTES);
        putLong(micros(value.getEpochSecond(), value.getNano()));
        return this;
    }

    /** A wall-clock time without zone ({@code timestamp}). */
    BinaryArray timestamp(LocalDateTime value) {
        put(Element.TIMESTAMP, Long.BYTES);
        putLong(micros(value.toEpochSecond(ZoneOffset.UTC), value.getNano()));
        return this;
    }

    /** @param value a lower-case or upper-case UUID in its 36-character form, or null or empty for SQL NULL */
    BinaryArray uuid(String value) {
        if (value == null || value.isEmpty()) {
            return putNull(Element.UUID);
        }
        if (value.length() != 36) {
            throw notUuid(value);
        }
        put(Element.UUID, 16);
        int at = 0;
        for (int i = 0; i < 16; i++) {
            if (at == 8 || at == 13 || at == 18 || at == 23) {
                if (value.charAt(at) != '-') {
                    throw notUuid(value);
                }
                at++;
            }
            int high = Character.digit(value.charAt(at++), 16);
            int low = Character.digit(value.charAt(at++), 16);
            if (high < 0 || low < 0) {
                throw notUuid(value);
            }
            body[size++] = (byte) (high << 4 | low);
        }
        return this;
    }

    /**
     * In {@code numeric_send}'s layout: the digits in base 10,000 with the decimal point on a digit
     * boundary, the weight of the first, the sign and the display scale (the value's own scale, as
     * the text {@code 5.20} keeps its 0).
     */
    BinaryArray numeric(BigDecimal value) {
        BigDecimal whole = value.scale() < 0 ? value.setScale(0) : value;
        int scale = whole.scale();
        int pad = (DIGITS_PER_NBASE - scale % DIGITS_PER_NBASE) % DIGITS_PER_NBASE;
        if (whole.precision() + pad > MAX_UNSCALED_DIGITS) {
            throw new IllegalArgumentException("amount out of range for the sale statement: " + value);
        }
        long unscaled = Math.abs(whole.unscaledValue().longValue());
        for (int i = 0; i < pad; i++) {
            unscaled *= 10;
        }
        short[] digits = new short[MAX_UNSCALED_DIGITS / DIGITS_PER_NBASE + 1];
        int n = 0;
        for (long rest = unscaled; rest > 0; rest /= NBASE) {
            digits[n++] = (short) (rest % NBASE);
        }
        int weight = n == 0 ? 0 : n - 1 - (scale + pad) / DIGITS_PER_NBASE;
        int trailingZeros = 0;
        while (trailingZeros < n && digits[trailingZeros] == 0) {
            trailingZeros++;
        }
        int kept = n - trailingZeros;
        put(Element.NUMERIC, 4 * Short.BYTES + kept * Short.BYTES);
        putShort(kept);
        putShort(weight);
        putShort(whole.signum() < 0 ? NUMERIC_NEGATIVE : NUMERIC_POSITIVE);
        putShort(scale);
        for (int i = n - 1; i >= trailingZeros; i--) {
            putShort(digits[i]);
        }
        return this;
    }

    @Override
    public int lengthInBytes() {
        return count == 0 ? EMPTY_HEADER : HEADER + size;
    }

    @Override
    public void toBytes(byte[] bytes, int offset) {
        int at = putInt(bytes, offset, count == 0 ? 0 : 1);
        at = putInt(bytes, at, hasNull ? 1 : 0);
        at = putInt(bytes, at, element.oid);
        if (count > 0) {
            at = putInt(bytes, at, count);
            at = putInt(bytes, at, 1);
            System.arraycopy(body, 0, bytes, at, size);
        }
    }

    @Override
    public void setByteValue(byte[] value, int offset) throws SQLException {
        throw new SQLFeatureNotSupportedException("a parameter, never read back");
    }

    @Override
    public String getValue() {
        throw new IllegalStateException("binary transfer of " + type + " is not enabled on this connection: "
                + "configure its data source with WarehouseSinks.configure");
    }

    private static long micros(long epochSecond, int nano) {
        return (epochSecond - POSTGRES_EPOCH_SECOND) * 1_000_000L + nano / 1_000;
    }

    private void put(Element type, int length) {
        if (type != element) {
            throw new IllegalArgumentException(type + " element in an array of " + element);
        }
        ensure(Integer.BYTES + Math.max(length, 0));
        putInt(length);
        count++;
    }

    private BinaryArray putNull(Element type) {
        put(type, -1);
        hasNull = true;
        return this;
    }

    private void ensure(int more) {
        if (size + more > body.length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, size + more));
        }
    }

    private void putShort(int value) {
        body[size++] = (byte) (value >>> 8);
        body[size++] = (byte) value;
    }

    private void putInt(int value) {
        size = putInt(body, size, value);
    }

    private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
    }

    private static int putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
        return at + 4;
    }

    private static IllegalArgumentException notUuid(String value) {
        return new IllegalArgumentException("not a UUID: " + value);
    }
}
