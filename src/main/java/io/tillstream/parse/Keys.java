package io.tillstream.parse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic keys. Sale and customer keys are keyed HMACs, so without the secret nobody can
 * test a guessed card number or name against the warehouse; product and branch ids are plain
 * name-based UUIDs because their natural keys are not personal.
 *
 * <p>Not thread-safe (it holds a {@link Mac}); each parallel parser instance owns one.
 */
public final class Keys {
    private static final String ALGORITHM = "HmacSHA256";

    private final Mac mac;

    public Keys(String secret) {
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    /**
     * Id of a sale's canonical form ({@link SaleIdentity}); the version is the domain, so it is
     * separated from the customer key and from any earlier identity version.
     */
    public String saleId(String canonicalSale) {
        return hmacUuid(SaleIdentity.VERSION + "\n" + canonicalSale);
    }

    /** Pseudonym of a card number: the same card gives the same key, and the key reveals nothing. */
    public String customerKey(String cardDigits) {
        return hmacUuid("customer\n" + cardDigits);
    }

    public static String productId(String name, String size, String flavour) {
        return nameUuid("product\n" + normalise(name) + "\n" + normalise(size) + "\n" + normalise(flavour));
    }

    public static String branchId(String branchName) {
        return nameUuid("branch\n" + normalise(branchName));
    }

    public static String rejectionId(String file, long line) {
        return nameUuid("rejection\n" + file + "\n" + line);
    }

    /**
     * Case- and spacing-insensitive form of a natural key, so that {@code london_brixton} and
     * {@code London Brixton}, or {@code Hot Chocolate} and {@code Hot chocolate}, are one thing.
     */
    public static String normalise(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder folded = new StringBuilder(lower.length());
        boolean inSpacing = false;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (isSpacing(c)) {
                if (!inSpacing) {
                    folded.append(' ');
                }
                inSpacing = true;
            } else {
                folded.append(c);
                inSpacing = false;
            }
        }
        return folded.toString().trim();
    }

    /**
     * What {@code [\\s_]} matches, spelled out: every sale id is an HMAC of text folded by this
     * rule, so it must never change; a regular expression was a fifth of the parser's time.
     */
    private static boolean isSpacing(char c) {
        return c == ' ' || c == '_' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private String hmacUuid(String message) {
        byte[] digest = mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        ByteBuffer bytes = ByteBuffer.wrap(digest);
        long high = (bytes.getLong() & ~0xF000L) | 0x8000L; // version 8: custom
        long low = (bytes.getLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new UUID(high, low).toString();
    }

    private static String nameUuid(String naturalKey) {
        return UUID.nameUUIDFromBytes(naturalKey.getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
