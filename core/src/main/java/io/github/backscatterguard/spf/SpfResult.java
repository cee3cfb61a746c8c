package io.github.backscatterguard.spf;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The results of an SPF check, RFC 7208 section 2.6, by the names the RFC and Received-SPF use. */
public enum SpfResult {
    /** No SPF record, or no domain to check. */
    NONE("none"),
    /** The domain states nothing about this IP ({@code ?all}, or no mechanism matched). */
    NEUTRAL("neutral"),
    /** The IP is authorised to send for the domain. */
    PASS("pass"),
    /** The IP is explicitly not authorised ({@code -all}): the sender is very likely forged. */
    FAIL("fail"),
    /** The IP is probably not authorised ({@code ~all}). */
    SOFTFAIL("softfail"),
    /** A transient DNS problem (timeout, SERVFAIL, REFUSED...); a later check may succeed. */
    TEMPERROR("temperror"),
    /** The domain's record is broken (syntax error, two records, too many lookups...). */
    PERMERROR("permerror");

    private final String code;

    SpfResult(String code) {
        this.code = code;
    }

    /** The RFC 7208 name, e.g. {@code softfail}. */
    public String code() {
        return code;
    }

    /** The result named {@code code}, case-insensitive; empty for anything else. */
    public static Optional<SpfResult> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String wanted = code.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(result -> result.code.equals(wanted)).findFirst();
    }

    /** The accepted names, comma-separated, for error messages. */
    public static String acceptedCodes() {
        return Arrays.stream(values()).map(SpfResult::code).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return code;
    }
}
