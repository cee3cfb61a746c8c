package io.github.backscatterguard.batv;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * BATV's {@code prvs} form (draft-levine-smtp-batv-01, as Exim implements it):
 * {@code prvs=KDDDSSSSSS=local@domain}, K the key number, DDD the expiry day number (days since
 * 1970-01-01, modulo 1000), SSSSSS the first 3 bytes in hex of HMAC-SHA1(secret, K DDD address).
 * Tags made here verify with Exim's {@code ${prvscheck}} and Exim's {@code ${prvs}} tags verify here.
 */
public final class PrvsCodec {
    private static final String PREFIX = "prvs=";
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int SECONDS_PER_DAY = 86_400;

    private final BatvKeyRing keys;
    private final int validityDays;
    private final Clock clock;

    /**
     * @param validityDays how long a tag stays valid (default 7, as Exim); at most 999 since the
     *                     day number wraps at 1000
     */
    public PrvsCodec(BatvKeyRing keys, Duration validity, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        long days = validity.toDays();
        if (days < 1 || days > 999 || !validity.equals(Duration.ofDays(days))) {
            throw new IllegalArgumentException("BATV validity '" + validity + "' is not accepted; accepted: whole days from 1d to 999d");
        }
        this.validityDays = (int) days;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** True when {@code address} already carries a prvs tag (whatever its validity). */
    public static boolean isTagged(String address) {
        return parse(address) != null;
    }

    /** The address with a fresh tag of the signing key; an address already tagged is returned as is. */
    public String sign(String address) {
        if (isTagged(address)) {
            return address;
        }
        BatvKey key = keys.signingKey();
        String day = dayStamp(today() + validityDays);
        return PREFIX + key.number() + day + signature(key, day, address) + "=" + address;
    }

    /** Checks a tagged address: the original address when valid, or why not. */
    public PrvsCheck verify(String taggedAddress) {
        Tag tag = parse(taggedAddress);
        if (tag == null) {
            return PrvsCheck.of(PrvsCheck.Status.NOT_TAGGED, null);
        }
        BatvKey key = keys.key(tag.keyNumber).orElse(null);
        if (key == null) {
            return PrvsCheck.of(PrvsCheck.Status.UNKNOWN_KEY, tag.original);
        }
        byte[] expected = signature(key, tag.day, tag.original).getBytes(StandardCharsets.US_ASCII);
        byte[] given = tag.signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return PrvsCheck.of(PrvsCheck.Status.BAD_SIGNATURE, tag.original);
        }
        int daysLeft = Math.floorMod(Integer.parseInt(tag.day) - (int) (today() % 1000), 1000);
        if (daysLeft > validityDays) {
            return PrvsCheck.of(PrvsCheck.Status.EXPIRED, tag.original);
        }
        return PrvsCheck.of(PrvsCheck.Status.VALID, tag.original);
    }

    private long today() {
        return Math.floorDiv(clock.instant().getEpochSecond(), SECONDS_PER_DAY);
    }

    private static String dayStamp(long day) {
        return String.format(Locale.ROOT, "%03d", Math.floorMod(day, 1000));
    }

    private static String signature(BatvKey key, String day, String address) {
        byte[] hmac = key.hmac(key.number() + day + address);
        char[] hex = new char[6];
        for (int i = 0; i < 3; i++) {
            hex[2 * i] = HEX[(hmac[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX[hmac[i] & 0xf];
        }
        return new String(hex);
    }

    /** The parts of {@code prvs=KDDDSSSSSS=original}, or null when the address is not in that form. */
    private static Tag parse(String address) {
        if (address == null || address.length() < PREFIX.length() + 12 || !address.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        int start = PREFIX.length();
        String tag = address.substring(start, start + 10);
        if (address.charAt(start + 10) != '=' || !tag.matches("[0-9][0-9]{3}[0-9a-fA-F]{6}")) {
            return null;
        }
        String original = address.substring(start + 11);
        if (original.indexOf('@') <= 0) {
            return null;
        }
        return new Tag(tag.charAt(0) - '0', tag.substring(1, 4), tag.substring(4), original);
    }

    private static final class Tag {
        final int keyNumber;
        final String day;
        final String signature;
        final String original;

        Tag(int keyNumber, String day, String signature, String original) {
            this.keyNumber = keyNumber;
            this.day = day;
            this.signature = signature;
            this.original = original;
        }
    }
}
