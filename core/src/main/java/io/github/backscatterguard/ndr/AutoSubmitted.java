package io.github.backscatterguard.ndr;

import java.util.Locale;

/**
 * The keyword of an RFC 3834 {@code Auto-Submitted} value. Values carry comments and parameters
 * ({@code auto-replied; owner-email="a@b"}, {@code auto-generated (vacation)}), so the keyword is
 * compared, never the whole value.
 */
final class AutoSubmitted {
    static final String NO = "no";
    static final String AUTO_REPLIED = "auto-replied";
    static final String AUTO_GENERATED = "auto-generated";
    static final String AUTO_NOTIFIED = "auto-notified";

    private AutoSubmitted() {
    }

    /** The keyword in lower case ("no" when the field is absent or empty). */
    static String keyword(String value) {
        if (value == null) {
            return NO;
        }
        String v = value.trim();
        while (v.startsWith("(")) {
            int close = v.indexOf(')');
            v = close < 0 ? "" : v.substring(close + 1).trim();
        }
        int end = 0;
        while (end < v.length() && ";( \t".indexOf(v.charAt(end)) < 0) {
            end++;
        }
        String keyword = v.substring(0, end).toLowerCase(Locale.ROOT);
        return keyword.isEmpty() ? NO : keyword;
    }

    /** True for any keyword other than "no": the message was sent by a program. */
    static boolean isAutomatic(String keyword) {
        return !NO.equals(keyword);
    }
}
