package io.github.backscatterguard.batv;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One numbered BATV secret (key number 0-9, as the one digit K of a prvs tag carries). The secret
 * never appears in {@link #toString()} or in any message.
 */
public final class BatvKey {
    private static final String HMAC_SHA1 = "HmacSHA1";

    private final int number;
    private final SecretKeySpec secret;

    public BatvKey(int number, String secret) {
        if (number < 0 || number > 9) {
            throw new IllegalArgumentException("BATV key number " + number + " is out of range; accepted: 0-9");
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("BATV key " + number + " has an empty secret");
        }
        this.number = number;
        this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC_SHA1);
    }

    public int number() {
        return number;
    }

    /** HMAC-SHA1 of {@code data} under this secret. */
    byte[] hmac(String data) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1);
            mac.init(secret);
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java runtime must provide HmacSHA1 (Java SE specification of Mac).
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "BatvKey{" + number + "}";
    }
}
