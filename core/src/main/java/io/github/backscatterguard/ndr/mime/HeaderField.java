package io.github.backscatterguard.ndr.mime;

/** One unfolded header field; the name is kept in lower case for look-ups. */
public final class HeaderField {
    private final String name;
    private final String value;

    public HeaderField(String name, String value) {
        this.name = name;
        this.value = value;
    }

    /** The field name in lower case, e.g. {@code content-type}. */
    public String name() {
        return name;
    }

    /** The unfolded raw value (line breaks of folding removed), trimmed. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
