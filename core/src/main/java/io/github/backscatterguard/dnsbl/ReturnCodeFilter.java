package io.github.backscatterguard.dnsbl;

import io.github.backscatterguard.config.BracketAwareSplit;
import java.util.List;
import java.util.Objects;

/**
 * Which A answers of a DNSBL zone count as "listed", in Postfix's {@code reject_rbl_client} syntax:
 * each of the four octets is a number, a range {@code [2..11]} or a set of values {@code [2;4;6]}.
 * Examples: {@code 127.0.0.2}, {@code 127.0.0.[2..11]}, {@code 127.0.[0;1].[2;4]}. The empty filter
 * accepts every answer in 127.0.0.0/8 (the sanity rules of RFC 5782 still apply).
 */
public final class ReturnCodeFilter {
    private static final ReturnCodeFilter ANY = new ReturnCodeFilter("", null);

    private final String text;
    /** Four octet masks (null for "any"); bit n of a mask set = octet value n accepted. */
    private final long[][] pattern;

    private ReturnCodeFilter(String text, long[][] pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    public static ReturnCodeFilter any() {
        return ANY;
    }

    /**
     * Parses a filter. Throws {@link IllegalArgumentException} with a message that names the bad
     * part and the accepted syntax.
     */
    public static ReturnCodeFilter parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return ANY;
        }
        return new ReturnCodeFilter(trimmed, parsePattern(trimmed));
    }

    /** True when the answer address {@code octets} (4 bytes) is accepted. */
    public boolean accepts(byte[] octets) {
        if (pattern == null) {
            return true;
        }
        for (int i = 0; i < 4; i++) {
            int value = octets[i] & 0xff;
            if ((pattern[i][value >>> 6] & (1L << (value & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    private static long[][] parsePattern(String whole) {
        List<String> octets = BracketAwareSplit.split(whole, '.');
        if (octets.size() != 4) {
            throw bad(whole, "it does not have four octets");
        }
        long[][] masks = new long[4][];
        for (int i = 0; i < 4; i++) {
            masks[i] = parseOctet(octets.get(i).trim(), whole);
        }
        return masks;
    }

    private static long[] parseOctet(String octet, String whole) {
        long[] mask = new long[4];
        if (octet.startsWith("[") && octet.endsWith("]")) {
            String inner = octet.substring(1, octet.length() - 1);
            int range = inner.indexOf("..");
            if (range >= 0) {
                int low = parseNumber(inner.substring(0, range), whole);
                int high = parseNumber(inner.substring(range + 2), whole);
                if (low > high) {
                    throw bad(whole, "range '" + octet + "' runs backwards");
                }
                for (int v = low; v <= high; v++) {
                    set(mask, v);
                }
            } else {
                for (String value : inner.split(";", -1)) {
                    set(mask, parseNumber(value, whole));
                }
            }
        } else {
            set(mask, parseNumber(octet, whole));
        }
        return mask;
    }

    private static void set(long[] mask, int value) {
        mask[value >>> 6] |= 1L << (value & 63);
    }

    private static int parseNumber(String value, String whole) {
        String trimmed = value.trim();
        if (trimmed.isEmpty() || trimmed.length() > 3 || !trimmed.chars().allMatch(Character::isDigit)) {
            throw bad(whole, "'" + value + "' is not an octet (0-255)");
        }
        int number = Integer.parseInt(trimmed);
        if (number > 255) {
            throw bad(whole, "'" + value + "' is not an octet (0-255)");
        }
        return number;
    }

    private static IllegalArgumentException bad(String whole, String why) {
        return new IllegalArgumentException("invalid return-code filter '" + whole + "': " + why
            + "; accepted: four octets, each N, [N..M] or [N;M;...] (e.g. 127.0.0.2, 127.0.0.[2..11] or 127.0.0.[2;4])");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReturnCodeFilter && ((ReturnCodeFilter) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The filter as written (empty for "any answer"). */
    @Override
    public String toString() {
        return text;
    }
}
