package io.github.backscatterguard.james.dnsbl;

import io.github.backscatterguard.dnsbl.DnsblMetrics;
import io.github.backscatterguard.dnsbl.LookupError;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;

/**
 * The DNSBL counters as James metrics (visible wherever James exports its metrics), one per zone:
 * {@code backscatterguard.dnsbl.<counter>.<zone>} with counter {@code lookups}, {@code cacheHits},
 * {@code listed}, {@code errors}, and {@code errors.<kind>.<zone>} per {@link LookupError} (e.g.
 * {@code backscatterguard.dnsbl.errors.timeout.ips.backscatterer.org}).
 */
public final class JamesDnsblMetrics implements DnsblMetrics {
    public static final String PREFIX = "backscatterguard.dnsbl.";

    private final MetricFactory metricFactory;
    private final Map<String, Metric> metrics = new ConcurrentHashMap<>();

    public JamesDnsblMetrics(MetricFactory metricFactory) {
        this.metricFactory = metricFactory;
    }

    /** The James metric name of a counter for a zone, e.g. {@code name("lookups", "bl.example")}. */
    public static String name(String counter, String zone) {
        return PREFIX + counter + "." + zone;
    }

    private void increment(String counter, String zone) {
        metrics.computeIfAbsent(name(counter, zone), metricFactory::generate).increment();
    }

    @Override
    public void lookup(String zone) {
        increment("lookups", zone);
    }

    @Override
    public void cacheHit(String zone) {
        increment("cacheHits", zone);
    }

    @Override
    public void listed(String zone) {
        increment("listed", zone);
    }

    @Override
    public void error(String zone, LookupError error) {
        increment("errors", zone);
        increment("errors." + error.code(), zone);
    }
}
