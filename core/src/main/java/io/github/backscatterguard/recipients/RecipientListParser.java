package io.github.backscatterguard.recipients;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the text form of one domain's recipient list, all or nothing: any bad line refuses the
 * whole list, so a half-written or mistyped file can never replace a good list.
 * <p>
 * Format (UTF-8): one entry per line; blank lines and lines starting with {@code #} are ignored,
 * as is a {@code #} comment after the address (separated by white space). An entry is
 * <ul>
 *   <li>an address of the list's domain: {@code alice@customer.example};</li>
 *   <li>a catch-all, accepting every address of the domain: {@code @customer.example} or
 *       {@code *@customer.example}.</li>
 * </ul>
 * Local parts are dot-atoms (RFC 5322; non-ASCII allowed for SMTPUTF8); quoted local parts are not
 * supported. A list with no entry at all is refused too: an empty list would refuse every
 * recipient of the domain, which is what a truncated file looks like; to drop a domain's list,
 * delete it.
 */
public final class RecipientListParser {
    /**
     * The largest list accepted, from a file or an upload: 16 MiB, about 600,000 addresses of 25
     * characters. A guard against filling James's heap by mistake (a wrong file, a runaway export).
     */
    public static final int MAX_LIST_BYTES = 16 * 1024 * 1024;

    private static final Pattern DOMAIN = Pattern.compile(
        "(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern LOCAL_PART = Pattern.compile(
        "[\\p{L}\\p{N}\\p{M}!#$%&'*+/=?^_`{|}~-]+(?:\\.[\\p{L}\\p{N}\\p{M}!#$%&'*+/=?^_`{|}~-]+)*");
    private static final int MAX_LOCAL_PART_LENGTH = 64;

    private final LocalPartRules rules;

    public RecipientListParser(LocalPartRules rules) {
        this.rules = rules;
    }

    public LocalPartRules rules() {
        return rules;
    }

    /**
     * The domain as lists are keyed: lower case, checked as a host name (IDNs in their
     * {@code xn--} form).
     *
     * @throws IllegalArgumentException naming the value and what is accepted
     */
    public static String normalizeDomain(String domain) {
        String lower = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(lower).matches()) {
            throw new IllegalArgumentException("'" + domain + "' is not a domain name; accepted: a host name such as"
                + " customer.example (letters, digits, hyphens; IDNs in their xn-- form)");
        }
        return lower;
    }

    /**
     * @param domain the domain the list is for; every entry must be in it
     * @param source names the origin in error messages, e.g. the file's path
     * @param content the list's bytes, UTF-8
     */
    public RecipientList parse(String domain, String source, byte[] content) throws RecipientListException {
        String normalizedDomain;
        try {
            normalizedDomain = normalizeDomain(domain);
        } catch (IllegalArgumentException e) {
            throw new RecipientListException(source, 0, null, e.getMessage());
        }
        String[] lines = decode(source, content).split("\r?\n|\r", -1);
        Set<String> localParts = new HashSet<>();
        boolean catchAll = false;
        for (int i = 0; i < lines.length; i++) {
            String entry = entryOf(source, i + 1, lines[i]);
            if (entry == null) {
                continue;
            }
            String localPart = localPartOf(source, i + 1, entry, normalizedDomain);
            if (localPart == null) {
                catchAll = true;
            } else {
                localParts.add(rules.normalize(localPart));
            }
        }
        if (localParts.isEmpty() && !catchAll) {
            throw new RecipientListException(source, 0, null, "no address in the list; an empty list would refuse every"
                + " recipient of " + normalizedDomain + " (to remove the domain's list, delete it)");
        }
        return new RecipientList(normalizedDomain, localParts, catchAll, rules);
    }

    private static String decode(String source, byte[] content) throws RecipientListException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(content)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text; // a BOM left by some editors
        } catch (CharacterCodingException e) {
            throw new RecipientListException(source, 0, null, "not UTF-8 text");
        }
    }

    /** The entry on the line without white space and comment, or null for a blank or comment line. */
    private static String entryOf(String source, int line, String text) throws RecipientListException {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return null;
        }
        int end = 0;
        while (end < trimmed.length() && !Character.isWhitespace(trimmed.charAt(end))) {
            end++;
        }
        String rest = trimmed.substring(end).strip();
        if (!rest.isEmpty() && !rest.startsWith("#")) {
            throw new RecipientListException(source, line, text, "more than one entry on the line; write one address per line");
        }
        return trimmed.substring(0, end);
    }

    /** The entry's local part, or null for a catch-all entry. */
    private static String localPartOf(String source, int line, String entry, String domain) throws RecipientListException {
        int at = entry.lastIndexOf('@');
        if (at < 0) {
            throw new RecipientListException(source, line, entry, "not an address (no @)");
        }
        String entryDomain = entry.substring(at + 1).toLowerCase(Locale.ROOT);
        if (!entryDomain.equals(domain)) {
            throw new RecipientListException(source, line, entry, "the domain is not " + domain);
        }
        String localPart = entry.substring(0, at);
        if (localPart.isEmpty() || localPart.equals("*")) {
            return null;
        }
        if (localPart.length() > MAX_LOCAL_PART_LENGTH || !LOCAL_PART.matcher(localPart).matches()) {
            throw new RecipientListException(source, line, entry, "not a valid local part (expected a dot-atom of at most "
                + MAX_LOCAL_PART_LENGTH + " characters; quoted local parts are not supported)");
        }
        return localPart;
    }
}
