package io.github.backscatterguard.james.mailets;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.Domain;
import org.apache.mailet.MailetContext;

/**
 * The domains whose addresses BATV signs and checks: a comma-separated list, where the word
 * {@code local} stands for the server's own domains (asked of James at each use, so a domain added
 * through WebAdmin counts at once).
 */
final class BatvDomains {
    static final String PARAMETER = "domains";
    static final String LOCAL = "local";
    static final String ACCEPTED = "'local' (the server's domains, the default) and/or domain names, comma-separated,"
        + " e.g. local or example.com,example.org";

    private final Set<String> names;
    private final boolean local;

    private BatvDomains(Set<String> names, boolean local) {
        this.names = names;
        this.local = local;
    }

    static BatvDomains read(MailetParameters parameters) throws MessagingException {
        String value = parameters.optional(PARAMETER, ACCEPTED).orElse(LOCAL);
        Set<String> names = Arrays.stream(value.split(","))
            .map(name -> name.trim().toLowerCase(Locale.ROOT))
            .collect(Collectors.toCollection(TreeSet::new));
        if (names.contains("")) {
            throw parameters.invalid(PARAMETER, value, ACCEPTED);
        }
        boolean local = names.remove(LOCAL);
        for (String name : names) {
            try {
                Domain.of(name);
            } catch (IllegalArgumentException e) {
                throw parameters.invalid(PARAMETER, value, ACCEPTED, e);
            }
        }
        return new BatvDomains(Set.copyOf(names), local);
    }

    boolean covers(Domain domain, MailetContext context) {
        return names.contains(domain.asString().toLowerCase(Locale.ROOT)) || (local && context.isLocalServer(domain));
    }

    @Override
    public String toString() {
        Set<String> all = new TreeSet<>(names);
        if (local) {
            all.add(LOCAL);
        }
        return String.join(",", all);
    }
}
