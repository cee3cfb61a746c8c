package io.github.backscatterguard.james.dnsbl;

import io.github.backscatterguard.james.CacheSizeProperty;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.github.backscatterguard.dnsbl.DnsblCache;
import io.github.backscatterguard.dnsbl.DnsblChecker;
import io.github.backscatterguard.dnsbl.DnsblMetrics;
import io.github.backscatterguard.dnsbl.DnsblSettings;
import org.apache.james.metrics.api.MetricFactory;

/**
 * The one DNSBL cache of the James server: a Guice singleton that every DNSBL matcher and SMTP hook
 * of the extension receives by injection, so an IP checked at RCPT time is not queried again by
 * the matcher that sees the same mail, and concurrent checks of one IP share one DNS query.
 * <p>
 * Its size is bounded by the system property {@value #MAX_ENTRIES_PROPERTY} (default
 * {@value #DEFAULT_MAX_ENTRIES} entries, roughly 200 bytes each).
 */
@Singleton
public final class SharedDnsblCache {
    public static final String MAX_ENTRIES_PROPERTY = "backscatterguard.dnsbl.cacheEntries";
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private final DnsblCache cache;
    private final DnsblMetrics metrics;

    @Inject
    public SharedDnsblCache(MetricFactory metricFactory) {
        this.metrics = new JamesDnsblMetrics(metricFactory);
        this.cache = new DnsblCache(CacheSizeProperty.read(MAX_ENTRIES_PROPERTY, DEFAULT_MAX_ENTRIES), metrics);
    }


    /** A checker for one matcher's or hook's settings, over the shared cache and counters. */
    public DnsblChecker checker(DnsblSettings settings) {
        return settings.newChecker(cache, metrics);
    }
}
