package io.github.backscatterguard.recipients;

import java.util.Locale;

/**
 * How local parts are compared: case-insensitively unless configured otherwise (RFC 5321 allows
 * case-sensitive local parts, but in practice every server folds them), and with sub-address tags
 * ({@code user+tag}) reduced to the base ({@code user}) when the exact form is not listed.
 * Immutable.
 */
public final class LocalPartRules {
    /** The default: case-insensitive, {@code +} separates a tag. */
    public static final LocalPartRules DEFAULT = new LocalPartRules(false, "+");

    private final boolean caseSensitive;
    private final String separators;

    /**
     * @param caseSensitive whether {@code Alice} and {@code alice} are different recipients
     * @param separators each character separates a sub-address tag (Postfix's recipient_delimiter
     *                   convention, e.g. {@code +} or {@code +-}); empty turns sub-addressing off
     */
    public LocalPartRules(boolean caseSensitive, String separators) {
        if (separators == null) {
            throw new IllegalArgumentException("sub-address separators must not be null; use \"\" to turn sub-addressing off");
        }
        for (int i = 0; i < separators.length(); i++) {
            char c = separators.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '@' || c == '"') {
                throw new IllegalArgumentException("'" + separators + "' is not a sub-address separator; accepted: printable ASCII"
                    + " characters other than space, @ and \" (e.g. + or +-), or empty for none");
            }
        }
        this.caseSensitive = caseSensitive;
        this.separators = separators;
    }

    public boolean caseSensitive() {
        return caseSensitive;
    }

    public String separators() {
        return separators;
    }

    /** The form stored in and probed against a list. */
    String normalize(String localPart) {
        return caseSensitive ? localPart : localPart.toLowerCase(Locale.ROOT);
    }

    /**
     * The local part without its tag ({@code user} for {@code user+tag}), or {@code null} when it has
     * no tag. A local part that starts with a separator ({@code +tag}) has no base and is kept whole.
     */
    String baseOf(String localPart) {
        for (int i = 1; i < localPart.length(); i++) {
            if (separators.indexOf(localPart.charAt(i)) >= 0) {
                return localPart.substring(0, i);
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof LocalPartRules)) {
            return false;
        }
        LocalPartRules that = (LocalPartRules) other;
        return caseSensitive == that.caseSensitive && separators.equals(that.separators);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(caseSensitive) * 31 + separators.hashCode();
    }

    @Override
    public String toString() {
        return (caseSensitive ? "case-sensitive" : "case-insensitive") + " local parts, "
            + (separators.isEmpty() ? "no sub-addressing" : "sub-address separators '" + separators + "'");
    }
}
