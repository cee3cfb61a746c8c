package io.github.backscatterguard.dnsbl;

/** A DNS query that gave no usable answer; carries the {@link LookupError} kind for counters. */
public final class DnsLookupException extends Exception {
    private static final long serialVersionUID = 1L;

    private final LookupError error;

    public DnsLookupException(LookupError error, String detail) {
        super(detail, null, false, false);
        this.error = error;
    }

    public LookupError error() {
        return error;
    }
}
