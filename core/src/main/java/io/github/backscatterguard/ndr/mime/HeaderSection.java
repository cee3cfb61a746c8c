package io.github.backscatterguard.ndr.mime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A tolerant reader of a header section (RFC 5322): unfolds continuation lines, skips an mbox
 * {@code From } line, ignores malformed lines, and stops at the first empty line. Bounded: at most
 * {@link #MAX_FIELDS} fields and {@link #MAX_VALUE_CHARS} chars per value are kept, so a header of
 * 100,000 lines or a 1 MB line costs one linear scan and little memory.
 */
public final class HeaderSection {
    public static final int MAX_FIELDS = 512;
    public static final int MAX_VALUE_CHARS = 8192;

    private static final HeaderSection EMPTY = new HeaderSection(Collections.emptyList(), 0);

    private final List<HeaderField> fields;
    private final int bodyStart;

    private HeaderSection(List<HeaderField> fields, int bodyStart) {
        this.fields = fields;
        this.bodyStart = bodyStart;
    }

    public static HeaderSection empty() {
        return EMPTY;
    }

    /** Reads the header section that starts at {@code start}; reading never passes {@code end}. */
    public static HeaderSection parse(String text, int start, int end) {
        List<HeaderField> fields = new ArrayList<>();
        int pos = start;
        String name = null;
        StringBuilder value = new StringBuilder();
        boolean first = true;
        while (pos < end) {
            int lineEnd = text.indexOf('\n', pos);
            if (lineEnd < 0 || lineEnd > end) {
                lineEnd = end;
            }
            int next = Math.min(lineEnd + 1, end);
            if (lineEnd == pos) {
                pos = next;
                break;
            }
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t') {
                if (name != null && value.length() < MAX_VALUE_CHARS) {
                    appendBounded(value, text, pos, lineEnd);
                }
            } else {
                int colon = fieldNameEnd(text, pos, lineEnd);
                if (colon < 0) {
                    if (first && text.startsWith("From ", pos)) {
                        pos = next;
                        first = false;
                        continue;
                    }
                    if (name == null && fields.isEmpty()) {
                        // Not a header at all (a body without headers): the body starts here.
                        break;
                    }
                    // A malformed line inside the header: skip it, as most MTAs do.
                } else {
                    flush(fields, name, value);
                    name = text.substring(pos, trimRight(text, pos, colon)).toLowerCase(Locale.ROOT);
                    value.setLength(0);
                    appendBounded(value, text, colon + 1, lineEnd);
                }
            }
            first = false;
            pos = next;
        }
        flush(fields, name, value);
        return new HeaderSection(fields, pos);
    }

    private static void appendBounded(StringBuilder value, String text, int from, int to) {
        int room = MAX_VALUE_CHARS - value.length();
        if (room > 0) {
            value.append(text, from, Math.min(to, from + room));
        }
    }

    private static void flush(List<HeaderField> fields, String name, StringBuilder value) {
        if (name != null && !name.isEmpty() && fields.size() < MAX_FIELDS) {
            fields.add(new HeaderField(name, value.toString().trim()));
        }
    }

    /** The position of the colon ending a field name, or -1 if the line is no header field. */
    private static int fieldNameEnd(String text, int pos, int lineEnd) {
        int limit = Math.min(lineEnd, pos + 128);
        for (int i = pos; i < limit; i++) {
            char c = text.charAt(i);
            if (c == ':') {
                return i == pos ? -1 : i;
            }
            if (c < 33 || c > 126) {
                // Obsolete syntax allows blanks before the colon ("Subject : x").
                if (c == ' ' || c == '\t') {
                    int j = i;
                    while (j < limit && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
                        j++;
                    }
                    return j < limit && text.charAt(j) == ':' ? j : -1;
                }
                return -1;
            }
        }
        return -1;
    }

    private static int trimRight(String text, int from, int to) {
        while (to > from && (text.charAt(to - 1) == ' ' || text.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }

    public List<HeaderField> fields() {
        return fields;
    }

    /** Where the body starts: just after the empty line, or where header parsing stopped. */
    public int bodyStart() {
        return bodyStart;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The first value of the field {@code lowerCaseName}, or null. */
    public String first(String lowerCaseName) {
        for (HeaderField field : fields) {
            if (field.name().equals(lowerCaseName)) {
                return field.value();
            }
        }
        return null;
    }

    public boolean has(String lowerCaseName) {
        return first(lowerCaseName) != null;
    }

    /** True if some field name starts with {@code lowerCasePrefix}. */
    public boolean hasNameStartingWith(String lowerCasePrefix) {
        for (HeaderField field : fields) {
            if (field.name().startsWith(lowerCasePrefix)) {
                return true;
            }
        }
        return false;
    }
}
