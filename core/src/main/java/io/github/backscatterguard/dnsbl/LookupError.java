package io.github.backscatterguard.dnsbl;

/** Why a DNSBL lookup gave no usable answer. Every one of them means "treat as not listed". */
public enum LookupError {
    /** No answer within the configured timeout. */
    TIMEOUT("timeout"),
    /** The server answered SERVFAIL, REFUSED or another error code. */
    SERVER_ERROR("server-error"),
    /** The resolver could not be reached or the answer could not be read. */
    NETWORK("network"),
    /** An A answer outside 127.0.0.0/8, which RFC 5782 section 2.1 does not allow. */
    OUT_OF_RANGE("out-of-range-answer"),
    /** 127.255.255.x: the list refuses to answer this resolver (too many queries, public resolver...). */
    QUERY_REFUSED("query-refused-code");

    private final String code;

    LookupError(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
