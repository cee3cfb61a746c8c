package io.github.backscatterguard.ndr.mime;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Decodes RFC 2047 encoded words ({@code =?charset?B|Q?text?=}) in an unstructured header such as
 * Subject. Tolerant: an unknown or bogus charset falls back to ISO-8859-1, broken words stay as
 * they are, whitespace between two adjacent encoded words is dropped as the RFC says.
 */
public final class EncodedWords {
    private EncodedWords() {
    }

    public static String decode(String value) {
        if (value == null || value.indexOf("=?") < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int pos = 0;
        int pendingWhitespaceStart = -1;
        boolean lastWasEncoded = false;
        while (pos < value.length()) {
            int start = value.indexOf("=?", pos);
            if (start < 0) {
                out.append(value, pos, value.length());
                break;
            }
            int charsetEnd = value.indexOf('?', start + 2);
            int encodingEnd = charsetEnd < 0 ? -1 : value.indexOf('?', charsetEnd + 1);
            int end = encodingEnd < 0 ? -1 : value.indexOf("?=", encodingEnd + 1);
            if (end < 0 || encodingEnd != charsetEnd + 2) {
                out.append(value, pos, value.length());
                break;
            }
            String between = value.substring(pos, start);
            if (!(lastWasEncoded && between.trim().isEmpty())) {
                out.append(between);
            }
            String decoded = decodeWord(value.substring(start + 2, charsetEnd),
                value.charAt(charsetEnd + 1), value.substring(encodingEnd + 1, end));
            if (decoded == null) {
                out.append(value, start, end + 2);
                lastWasEncoded = false;
            } else {
                out.append(decoded);
                lastWasEncoded = true;
            }
            pos = end + 2;
        }
        return out.toString();
    }

    private static String decodeWord(String charsetName, char encoding, String text) {
        byte[] bytes;
        if (encoding == 'B' || encoding == 'b') {
            bytes = TransferDecoding.base64(text, 0, text.length(), Integer.MAX_VALUE);
        } else if (encoding == 'Q' || encoding == 'q') {
            bytes = TransferDecoding.quotedPrintable(text.replace('_', ' '), 0, text.length(), Integer.MAX_VALUE);
        } else {
            return null;
        }
        return new String(bytes, charset(charsetName));
    }

    /** The named charset, or ISO-8859-1 when the name is unknown, illegal or unsupported. */
    public static Charset charset(String name) {
        if (name == null) {
            return StandardCharsets.ISO_8859_1;
        }
        int language = name.indexOf('*'); // RFC 2231 language suffix: utf-8*en
        String cleaned = (language >= 0 ? name.substring(0, language) : name).trim();
        try {
            return Charset.forName(cleaned);
        } catch (RuntimeException unknownOrIllegal) {
            return StandardCharsets.ISO_8859_1;
        }
    }
}
