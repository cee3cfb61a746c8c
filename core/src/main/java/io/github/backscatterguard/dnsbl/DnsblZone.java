package io.github.backscatterguard.dnsbl;

import java.util.Locale;
import java.util.Objects;

/**
 * A DNSBL zone to query and the filter its answers must pass, written {@code ZONE[=FILTER]} as in
 * Postfix, e.g. {@code ips.backscatterer.org=127.0.0.2}.
 */
public final class DnsblZone {
    private final String name;
    private final ReturnCodeFilter filter;

    public DnsblZone(String name, ReturnCodeFilter filter) {
        this.name = checkName(name);
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    /** Parses {@code ZONE[=FILTER]}; throws {@link IllegalArgumentException} naming the bad part. */
    public static DnsblZone parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        int equals = spec.indexOf('=');
        if (equals < 0) {
            return new DnsblZone(spec, ReturnCodeFilter.any());
        }
        return new DnsblZone(spec.substring(0, equals), ReturnCodeFilter.parse(spec.substring(equals + 1)));
    }

    private static String checkName(String name) {
        String zone = Objects.requireNonNull(name, "name").trim().toLowerCase(Locale.ROOT);
        while (zone.endsWith(".")) {
            zone = zone.substring(0, zone.length() - 1);
        }
        if (zone.isEmpty() || zone.length() > 200 || !zone.matches("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")) {
            throw new IllegalArgumentException("invalid DNSBL zone '" + name
                + "': expected a DNS name such as ips.backscatterer.org, optionally followed by =FILTER");
        }
        return zone;
    }

    public String name() {
        return name;
    }

    public ReturnCodeFilter filter() {
        return filter;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DnsblZone)) {
            return false;
        }
        DnsblZone other = (DnsblZone) o;
        return name.equals(other.name) && filter.equals(other.filter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, filter);
    }

    @Override
    public String toString() {
        return filter.toString().isEmpty() ? name : name + "=" + filter;
    }
}
