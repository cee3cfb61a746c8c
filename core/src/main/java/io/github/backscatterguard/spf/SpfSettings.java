package io.github.backscatterguard.spf;

import io.github.backscatterguard.config.Durations;
import io.github.backscatterguard.dnsbl.DnsServers;
import io.github.backscatterguard.spf.jspf.JspfEvaluator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The DNS side of an SPF check, as an administrator configures it on a matcher or the CLI:
 * <ul>
 *   <li>{@code dnsServers}: {@code HOST[:PORT],...} to query instead of the system's resolvers;</li>
 *   <li>{@code timeout}: how long one whole check may take, all its DNS queries included (default
 *       20s, the least RFC 7208 section 4.6.4 allows a verifier to impose; at most 60s); after it
 *       the result is {@code temperror};</li>
 *   <li>{@code maxCacheAge}: the longest time a result is reused for the same (IP, domain), whatever
 *       the TTLs of its DNS answers (default 5m; 0s turns the cache off).</li>
 * </ul>
 */
public final class SpfSettings {
    public static final String DNS_SERVERS = "dnsservers";
    public static final String TIMEOUT = "timeout";
    public static final String MAX_CACHE_AGE = "maxcacheage";
    /** The keys read here, lower case (keys are case-insensitive). */
    public static final Set<String> KEYS = Set.of(DNS_SERVERS, TIMEOUT, MAX_CACHE_AGE);
    /** The keys as the documentation writes them, for error messages. */
    private static final Map<String, String> DISPLAY_NAMES = Map.of(DNS_SERVERS, "dnsServers", TIMEOUT, "timeout", MAX_CACHE_AGE, "maxCacheAge");

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_MAX_CACHE_AGE = Duration.ofMinutes(5);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MAX_MAX_CACHE_AGE = Duration.ofDays(1);

    private final List<InetSocketAddress> dnsServers;
    private final Duration timeout;
    private final Duration maxCacheAge;

    private SpfSettings(List<InetSocketAddress> dnsServers, Duration timeout, Duration maxCacheAge) {
        this.dnsServers = dnsServers;
        this.timeout = timeout;
        this.maxCacheAge = maxCacheAge;
    }

    /**
     * Reads the settings from {@code values} (lower-case keys; other keys are ignored here).
     *
     * @throws IllegalArgumentException naming the parameter, the bad value and what is accepted
     */
    public static SpfSettings from(Map<String, String> values) {
        List<InetSocketAddress> servers = parse(values, DNS_SERVERS, DnsServers::parse).orElse(List.of());
        Duration timeout = parse(values, TIMEOUT, Durations::parse).orElse(DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("parameter 'timeout' has value '" + values.get(TIMEOUT)
                + "'; accepted: a duration above 0 and at most 60s (e.g. 20s, 500ms)");
        }
        Duration maxCacheAge = parse(values, MAX_CACHE_AGE, Durations::parse).orElse(DEFAULT_MAX_CACHE_AGE);
        if (maxCacheAge.compareTo(MAX_MAX_CACHE_AGE) > 0) {
            throw new IllegalArgumentException("parameter 'maxCacheAge' has value '" + values.get(MAX_CACHE_AGE)
                + "'; accepted: a duration of at most 1d (e.g. 5m; 0s turns the cache off)");
        }
        return new SpfSettings(servers, timeout, maxCacheAge);
    }

    private static <T> Optional<T> parse(Map<String, String> values, String key, Function<String, T> parser) {
        String value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter '" + DISPLAY_NAMES.get(key) + "' has a bad value: " + e.getMessage(), e);
        }
    }

    /** A jSPF evaluator for these settings: the configured servers, or the system's resolvers. */
    public SpfEvaluator newEvaluator() {
        return dnsServers.isEmpty() ? JspfEvaluator.systemResolver(timeout) : JspfEvaluator.servers(dnsServers, timeout);
    }

    /** A checker for these settings over the given (usually server-wide) cache. */
    public SpfChecker newChecker(SpfCache cache) {
        return new SpfChecker(newEvaluator(), cache, maxCacheAge);
    }

    public List<InetSocketAddress> dnsServers() {
        return dnsServers;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration maxCacheAge() {
        return maxCacheAge;
    }
}
