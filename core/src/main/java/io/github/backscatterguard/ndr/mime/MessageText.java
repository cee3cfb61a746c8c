package io.github.backscatterguard.ndr.mime;

/**
 * The bytes of a message as text: each byte becomes one char (ISO-8859-1, so nothing can fail to
 * decode) and every line ending (CRLF, lone CR, LF) becomes LF, so the three conventions give the
 * same text and the same verdict.
 */
public final class MessageText {
    private MessageText() {
    }

    /** Decodes {@code bytes[0..length)}; one pass, no intermediate copy. */
    public static String of(byte[] bytes, int length) {
        byte[] chars = new byte[length];
        int out = 0;
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b == '\r') {
                chars[out++] = '\n';
                if (i + 1 < length && bytes[i + 1] == '\n') {
                    i++;
                }
            } else {
                chars[out++] = b;
            }
        }
        return new String(chars, 0, out, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
