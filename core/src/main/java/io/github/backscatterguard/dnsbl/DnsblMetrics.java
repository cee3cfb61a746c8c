package io.github.backscatterguard.dnsbl;

/**
 * Counters of the DNSBL engine, per zone. The James side implements it with James's
 * MetricFactory; core code only sees this interface.
 */
public interface DnsblMetrics {
    DnsblMetrics NONE = new DnsblMetrics() {
        @Override
        public void lookup(String zone) {
        }

        @Override
        public void cacheHit(String zone) {
        }

        @Override
        public void listed(String zone) {
        }

        @Override
        public void error(String zone, LookupError error) {
        }
    };

    /** A query was sent to the DNS (a cache miss). */
    void lookup(String zone);

    /** A check was answered from the cache. */
    void cacheHit(String zone);

    /** A query found the IP listed. */
    void listed(String zone);

    /** A query gave no usable answer (timeouts included). */
    void error(String zone, LookupError error);
}
