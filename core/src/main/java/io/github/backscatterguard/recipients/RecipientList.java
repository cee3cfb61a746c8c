package io.github.backscatterguard.recipients;

import java.util.Locale;
import java.util.Set;

/**
 * The valid recipients of one domain: exact local parts and, optionally, a catch-all entry that
 * accepts every address of the domain. Immutable; a lookup is at most two hash-set probes (the
 * address as given, then its base address without a sub-address tag).
 */
public final class RecipientList {
    private final String domain;
    private final Set<String> localParts;
    private final boolean catchAll;
    private final LocalPartRules rules;

    /**
     * @param localParts already normalized by {@code rules} (see {@link RecipientListParser})
     */
    RecipientList(String domain, Set<String> localParts, boolean catchAll, LocalPartRules rules) {
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.localParts = Set.copyOf(localParts);
        this.catchAll = catchAll;
        this.rules = rules;
    }

    /** The domain, lower case. */
    public String domain() {
        return domain;
    }

    /** How many exact addresses the list holds (a catch-all entry not counted). */
    public int size() {
        return localParts.size();
    }

    public boolean hasCatchAll() {
        return catchAll;
    }

    /** Whether the local part (of an address in this list's domain) is a valid recipient. */
    public boolean accepts(String localPart) {
        if (catchAll) {
            return true;
        }
        String normalized = rules.normalize(localPart);
        if (localParts.contains(normalized)) {
            return true; // an explicitly listed user+tag wins over its base
        }
        String base = rules.baseOf(normalized);
        return base != null && localParts.contains(base);
    }

    @Override
    public String toString() {
        return domain + ": " + localParts.size() + " addresses" + (catchAll ? " and a catch-all" : "");
    }
}
