package io.tillstream.dedupe;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringComparator;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The keys of the job's keyed state (sale, product, branch ids, file names), written in exactly the
 * bytes of Flink's {@link StringSerializer} but in one call per key instead of one per byte. Every
 * checkpoint of the heap backend writes every key of the dedupe state, and Flink's writer calls the
 * checkpoint stream's synchronized {@code write(int)} for each of an id's 37 bytes: in a profile of
 * the benchmark that was most of what checkpoints cost (docs/benchmarks.md, session 10).
 *
 * <p>Because the bytes are the same, its snapshot <em>is</em> {@link StringSerializer}'s: savepoints
 * taken with this serializer and with Flink's restore into either, so builds before and after it
 * read each other's state, and the key groups (from {@link String#hashCode}) do not move.
 */
public final class StringKeySerializer extends TypeSerializerSingleton<String> {
    private static final long serialVersionUID = 1L;

    public static final StringKeySerializer INSTANCE = new StringKeySerializer();

    /** Key type for {@code keyBy}: a string key written by {@link #INSTANCE}. */
    public static final TypeInformation<String> TYPE = new KeyType();

    /** {@link StringValue}'s format: the length plus one, then each character, all as base-128 varints. */
    private static final int MAX_VARINT_BYTES = 5;

    private static final int CHAR_BYTES = 3;

    @Override
    public void serialize(String key, DataOutputView out) throws IOException {
        if (key == null) {
            StringValue.writeString(null, out);
            return;
        }
        int length = key.length();
        byte[] bytes = new byte[MAX_VARINT_BYTES + CHAR_BYTES * length];
        int at = varint(length + 1, bytes, 0);
        for (int i = 0; i < length; i++) {
            char c = key.charAt(i);
            if (c < 0x80) {
                bytes[at++] = (byte) c;
            } else {
                at = varint(c, bytes, at);
            }
        }
        out.write(bytes, 0, at);
    }

    private static int varint(int value, byte[] bytes, int at) {
        int rest = value;
        while (rest >= 0x80) {
            bytes[at++] = (byte) (rest | 0x80);
            rest >>>= 7;
        }
        bytes[at++] = (byte) rest;
        return at;
    }

    @Override
    public String deserialize(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    @Override
    public String deserialize(String reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        StringValue.copyString(in, out);
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public String createInstance() {
        return "";
    }

    @Override
    public String copy(String from) {
        return from;
    }

    @Override
    public String copy(String from, String reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public TypeSerializerSnapshot<String> snapshotConfiguration() {
        return new StringSerializer.StringSerializerSnapshot();
    }

    /** Flink's string type, with this serializer in place of Flink's. */
    private static final class KeyType extends BasicTypeInfo<String> {
        private static final long serialVersionUID = 1L;

        KeyType() {
            super(String.class, new Class<?>[] {}, INSTANCE, StringComparator.class);
        }
    }
}
