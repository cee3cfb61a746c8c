package io.github.backscatterguard.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A comma-separated list of local parts such as {@code postmaster,abuse}, lower-cased. A misspelt
 * list ("postmaster abuse") must fail the start, not silently match nobody.
 */
public final class LocalPartList {
    private static final String ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~.-]+";

    private LocalPartList() {
    }

    /** Throws {@link IllegalArgumentException} naming {@code parameter}, the value and the accepted form. */
    public static Set<String> parse(String value, String parameter) {
        Set<String> parts = Arrays.stream(value.split(",")).map(part -> part.trim().toLowerCase(Locale.ROOT))
            .filter(part -> !part.isEmpty()).collect(Collectors.toUnmodifiableSet());
        for (String part : parts) {
            if (!part.matches(ATOM)) {
                throw new IllegalArgumentException("parameter '" + parameter + "' has value '" + value
                    + "'; accepted: local parts such as postmaster or mailer-daemon, comma-separated");
            }
        }
        return parts;
    }
}
