package io.github.backscatterguard.recipients;

/**
 * A recipient list that cannot be used as a whole. The message names the source (a file or a
 * request body), the line and the offending text, so that an administrator can fix it at once.
 */
public final class RecipientListException extends Exception {
    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED_LENGTH = 100;

    private final String source;
    private final int line;
    private final String reason;

    RecipientListException(String source, int line, String text, String reason) {
        super(source + (line > 0 ? " line " + line : "") + ": " + reason + (text == null ? "" : ": '" + printable(text) + "'"));
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    /** The file or body the list came from. */
    public String source() {
        return source;
    }

    /** The 1-based line of the error, or 0 when the list as a whole is wrong. */
    public int line() {
        return line;
    }

    /** Why the line or list was refused, without the source and line. */
    public String reason() {
        return reason;
    }

    /** The bad text as safe log text: printable ASCII, bounded. */
    private static String printable(String text) {
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < text.length() && safe.length() < MAX_QUOTED_LENGTH; i++) {
            char c = text.charAt(i);
            safe.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (text.length() > MAX_QUOTED_LENGTH) {
            safe.append("...");
        }
        return safe.toString();
    }
}
