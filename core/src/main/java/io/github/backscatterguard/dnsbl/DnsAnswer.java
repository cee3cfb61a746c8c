package io.github.backscatterguard.dnsbl;

import java.util.List;

/**
 * What the DNS said to an A query: the addresses (empty for NXDOMAIN or no data) and how long the
 * answer may be kept, from the records' TTL or, for a negative answer, the SOA minimum (RFC 2308).
 */
public final class DnsAnswer {
    private final List<byte[]> addresses;
    private final long ttlSeconds;

    private DnsAnswer(List<byte[]> addresses, long ttlSeconds) {
        this.addresses = List.copyOf(addresses);
        this.ttlSeconds = Math.max(0, ttlSeconds);
    }

    public static DnsAnswer addresses(List<byte[]> addresses, long ttlSeconds) {
        return new DnsAnswer(addresses, ttlSeconds);
    }

    public static DnsAnswer noSuchName(long negativeTtlSeconds) {
        return new DnsAnswer(List.of(), negativeTtlSeconds);
    }

    /** The IPv4 addresses answered, 4 bytes each. */
    public List<byte[]> addresses() {
        return addresses;
    }

    public long ttlSeconds() {
        return ttlSeconds;
    }
}
