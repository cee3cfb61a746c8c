package io.github.backscatterguard.james.mailets;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.mail.MessagingException;

import org.apache.mailet.base.GenericMailet;

/**
 * The checks every mailet of the extension applies to its parameters in {@code init()}, with
 * errors that name the mailet, the parameter, the bad value and what is accepted.
 */
final class MailetParameters {
    /** Parameters James itself reads on every mailet. */
    private static final Set<String> JAMES_PARAMETERS = Set.of("onMailetException", "onMatchException");

    private final String mailet;
    private final GenericMailet owner;

    MailetParameters(String mailet, GenericMailet owner) {
        this.mailet = mailet;
        this.owner = owner;
    }

    /** Fails on any parameter name not in {@code accepted}: a misspelt optional parameter must not be silently ignored. */
    void requireKnown(List<String> accepted) throws MessagingException {
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> names = owner.getInitParameterNames(); names.hasNext(); ) {
            String name = names.next();
            if (!accepted.contains(name) && !JAMES_PARAMETERS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new MessagingException(mailet + ": unknown parameter(s) " + unknown + "; accepted: "
                + String.join(", ", accepted));
        }
    }

    /** The trimmed value, empty when the parameter is absent; a parameter present but blank is an error. */
    Optional<String> optional(String parameter, String accepted) throws MessagingException {
        String value = owner.getInitParameter(parameter);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isBlank()) {
            throw invalid(parameter, value, accepted);
        }
        return Optional.of(value.trim());
    }

    String required(String parameter, String accepted) throws MessagingException {
        return optional(parameter, accepted).orElseThrow(() -> new MessagingException(mailet + ": parameter '" + parameter
            + "' is required; accepted: " + accepted));
    }

    /** An RFC 5322 field name: printable US-ASCII without spaces or colon. */
    Optional<String> headerName(String parameter) throws MessagingException {
        String accepted = "a header field name of printable US-ASCII without spaces or ':' (RFC 5322), e.g. X-Backscatter-Guard-Rerouted";
        Optional<String> name = optional(parameter, accepted);
        if (name.isPresent() && !name.get().chars().allMatch(c -> c >= 33 && c <= 126 && c != ':')) {
            throw invalid(parameter, name.get(), accepted);
        }
        return name;
    }

    MessagingException invalid(String parameter, String value, String accepted) {
        return new MessagingException(mailet + ": parameter '" + parameter + "' has invalid value '" + value + "'; accepted: " + accepted);
    }

    /** For a parameter that is absent but whose default cannot be used here. */
    MessagingException unset(String parameter, String reason, String accepted) {
        return new MessagingException(mailet + ": parameter '" + parameter + "' is not set and its default cannot be used ("
            + reason + "); accepted: " + accepted);
    }

    MessagingException invalid(String parameter, String value, String accepted, Exception cause) {
        return new MessagingException(mailet + ": parameter '" + parameter + "' has invalid value '" + value + "'; accepted: " + accepted
            + " (" + cause.getMessage() + ")", cause);
    }
}
