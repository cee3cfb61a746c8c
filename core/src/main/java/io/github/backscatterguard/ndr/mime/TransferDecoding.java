package io.github.backscatterguard.ndr.mime;

import java.util.Locale;

/**
 * Content-Transfer-Encoding decoders (RFC 2045) that never throw: invalid characters are skipped,
 * and output stops at a given number of bytes so that only a bounded prefix is ever decoded.
 */
public final class TransferDecoding {
    private static final int[] BASE64 = new int[128];

    static {
        java.util.Arrays.fill(BASE64, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64[alphabet.charAt(i)] = i;
        }
        BASE64['-'] = 62; // URL-safe variants seen in the wild
        BASE64['_'] = 63;
    }

    private TransferDecoding() {
    }

    /**
     * Decodes {@code text[start..end)} according to {@code encoding} (base64, quoted-printable or
     * identity) into at most {@code maxBytes} bytes, returned as ISO-8859-1 chars.
     */
    public static String decodeToLatin1(String text, int start, int end, String encoding, int maxBytes) {
        String cte = encoding == null ? "" : encoding.trim().toLowerCase(Locale.ROOT);
        byte[] bytes;
        if (cte.startsWith("base64")) {
            bytes = base64(text, start, end, maxBytes);
        } else if (cte.startsWith("quoted-printable")) {
            bytes = quotedPrintable(text, start, end, maxBytes);
        } else {
            return text.substring(start, Math.min(end, start + maxBytes));
        }
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    public static byte[] base64(String text, int start, int end, int maxBytes) {
        int capacity = (int) Math.min((long) (end - start) * 3 / 4 + 3, (long) maxBytes);
        byte[] out = new byte[Math.max(capacity, 0)];
        int count = 0;
        int buffer = 0;
        int bits = 0;
        for (int i = start; i < end && count < out.length; i++) {
            char c = text.charAt(i);
            if (c == '=') {
                // Padding ends a quantum; anything after it starts afresh.
                bits = 0;
                buffer = 0;
                continue;
            }
            int v = c < 128 ? BASE64[c] : -1;
            if (v < 0) {
                continue;
            }
            buffer = (buffer << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[count++] = (byte) (buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }
        return count == out.length ? out : java.util.Arrays.copyOf(out, count);
    }

    public static byte[] quotedPrintable(String text, int start, int end, int maxBytes) {
        byte[] out = new byte[Math.max(0, Math.min(end - start, maxBytes))];
        int count = 0;
        int i = start;
        while (i < end && count < out.length) {
            char c = text.charAt(i);
            if (c == '=') {
                if (i + 1 < end && text.charAt(i + 1) == '\n') {
                    i += 2; // soft line break
                    continue;
                }
                int hi = i + 2 < end ? Character.digit(text.charAt(i + 1), 16) : -1;
                int lo = i + 2 < end ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (hi >= 0 && lo >= 0) {
                    out[count++] = (byte) ((hi << 4) | lo);
                    i += 3;
                    continue;
                }
                // Trailing "=  \n" (blanks added in transit) is also a soft break.
                int j = i + 1;
                while (j < end && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
                    j++;
                }
                if (j < end && text.charAt(j) == '\n') {
                    i = j + 1;
                    continue;
                }
            }
            out[count++] = (byte) c;
            i++;
        }
        return count == out.length ? out : java.util.Arrays.copyOf(out, count);
    }
}
