package io.github.backscatterguard.dnsbl;

import io.github.backscatterguard.config.Durations;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The DNS side of a DNSBL check, as an administrator configures it on a matcher or hook:
 * <ul>
 *   <li>{@code zone}: {@code ZONE[=FILTER]}, e.g. {@code ips.backscatterer.org=127.0.0.2};</li>
 *   <li>{@code dnsServers}: {@code HOST[:PORT],...} to query instead of the system's resolvers
 *       (e.g. a local rbldnsd mirror of the zone);</li>
 *   <li>{@code timeout}: how long one query may take (default 2s); after it the IP counts as not listed;</li>
 *   <li>{@code maxCacheTtl}: the longest time an answer is reused, whatever its DNS TTL (default 1h).</li>
 * </ul>
 */
public final class DnsblSettings {
    public static final String ZONE = "zone";
    public static final String DNS_SERVERS = "dnsservers";
    public static final String TIMEOUT = "timeout";
    public static final String MAX_CACHE_TTL = "maxcachettl";
    /** The keys read here, lower case (keys are case-insensitive). */
    public static final Set<String> KEYS = Set.of(ZONE, DNS_SERVERS, TIMEOUT, MAX_CACHE_TTL);

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_MAX_CACHE_TTL = Duration.ofHours(1);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);
    /** DNSBL listings change within hours; a week bounds how stale a cached answer may get. */
    private static final Duration MAX_MAX_CACHE_TTL = Duration.ofDays(7);

    private final DnsblZone zone;
    private final List<InetSocketAddress> dnsServers;
    private final Duration timeout;
    private final Duration maxCacheTtl;

    private DnsblSettings(DnsblZone zone, List<InetSocketAddress> dnsServers, Duration timeout, Duration maxCacheTtl) {
        this.zone = zone;
        this.dnsServers = dnsServers;
        this.timeout = timeout;
        this.maxCacheTtl = maxCacheTtl;
    }

    /**
     * Reads the settings from {@code values} (lower-case keys; other keys are ignored here).
     *
     * @param defaultZone the zone when none is given; empty makes {@code zone} required
     * @throws IllegalArgumentException naming the parameter, the bad value and what is accepted
     */
    public static DnsblSettings from(Map<String, String> values, Optional<DnsblZone> defaultZone) {
        DnsblZone zone = parse(values, ZONE, DnsblZone::parse).or(() -> defaultZone)
            .orElseThrow(() -> new IllegalArgumentException("parameter 'zone' is required; accepted: ZONE[=FILTER], e.g. bl.example.org=127.0.0.2"));
        // Blank means "the system's resolvers", as when the parameter is absent.
        List<InetSocketAddress> servers = parse(values, DNS_SERVERS, text -> text.isBlank() ? List.<InetSocketAddress>of() : DnsServers.parse(text))
            .orElse(List.of());
        Duration timeout = parse(values, TIMEOUT, Durations::parse).orElse(DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("parameter 'timeout' has value '" + values.get(TIMEOUT)
                + "'; accepted: a duration above 0 and at most 30s (e.g. 2s, 500ms)");
        }
        Duration maxCacheTtl = parse(values, MAX_CACHE_TTL, Durations::parse).orElse(DEFAULT_MAX_CACHE_TTL);
        if (maxCacheTtl.compareTo(MAX_MAX_CACHE_TTL) > 0) {
            throw new IllegalArgumentException("parameter 'maxCacheTtl' has value '" + values.get(MAX_CACHE_TTL)
                + "'; accepted: a duration of at most 7d (e.g. 1h; 0s disables caching)");
        }
        return new DnsblSettings(zone, servers, timeout, maxCacheTtl);
    }

    private static <T> Optional<T> parse(Map<String, String> values, String key, java.util.function.Function<String, T> parser) {
        String value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter '" + key + "' has a bad value: " + e.getMessage(), e);
        }
    }

    /** A DNS client for these settings: the configured servers, or the system's resolvers. */
    public DnsClient newClient() {
        return dnsServers.isEmpty() ? DnsjavaClient.systemResolver(timeout) : DnsjavaClient.servers(dnsServers, timeout);
    }

    /** A checker for these settings over the server-wide cache. */
    public DnsblChecker newChecker(DnsblCache cache, DnsblMetrics metrics) {
        return new DnsblChecker(newClient(), cache, metrics, timeout, maxCacheTtl);
    }

    public DnsblZone zone() {
        return zone;
    }

    public List<InetSocketAddress> dnsServers() {
        return dnsServers;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration maxCacheTtl() {
        return maxCacheTtl;
    }
}
