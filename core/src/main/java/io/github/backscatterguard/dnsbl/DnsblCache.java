package io.github.backscatterguard.dnsbl;

import io.github.backscatterguard.cache.ExpiringCache;
import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.LongSupplier;

/**
 * The DNSBL answers of the whole server, shared by every matcher and hook: each result is kept for
 * the time its loader says (the DNS TTL, capped; errors briefly, so a dead resolver costs one
 * timeout per IP and period, not one per mail), the number of entries is bounded, and concurrent
 * identical checks share one query.
 */
public final class DnsblCache {
    /** What a finished lookup yields: the result and for how many seconds it may be reused. */
    public static final class Timed {
        final DnsblResult result;
        final long ttlSeconds;

        public Timed(DnsblResult result, long ttlSeconds) {
            this.result = Objects.requireNonNull(result, "result");
            this.ttlSeconds = ttlSeconds;
        }
    }

    private static final class Key {
        final DnsblZone zone;
        final InetAddress ip;
        final boolean withReason;

        Key(DnsblZone zone, InetAddress ip, boolean withReason) {
            this.zone = zone;
            this.ip = ip;
            this.withReason = withReason;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key other = (Key) o;
            return withReason == other.withReason && ip.equals(other.ip) && zone.equals(other.zone);
        }

        @Override
        public int hashCode() {
            return (zone.hashCode() * 31 + ip.hashCode()) * 2 + (withReason ? 1 : 0);
        }
    }

    private final ExpiringCache<Key, DnsblResult> entries;
    private final DnsblMetrics metrics;

    public DnsblCache(int maxEntries, DnsblMetrics metrics) {
        this(maxEntries, metrics, System::nanoTime);
    }

    DnsblCache(int maxEntries, DnsblMetrics metrics, LongSupplier nanoClock) {
        this.entries = new ExpiringCache<>(maxEntries, nanoClock);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * The cached result for this check, or the one {@code loader} produces. The loader is called
     * at most once per key and period, however many threads ask at the same time. Loaders turn
     * every DNS failure into an error result; a loader that fails anyway is never cached.
     */
    public CompletableFuture<DnsblResult> get(DnsblZone zone, InetAddress ip, boolean withReason,
                                              Supplier<CompletableFuture<Timed>> loader) {
        return entries.get(new Key(zone, ip, withReason),
            () -> loader.get().thenApply(timed -> new ExpiringCache.Timed<>(timed.result, timed.ttlSeconds)),
            () -> metrics.cacheHit(zone.name()));
    }

    /** Number of entries held now (expired ones included until evicted). */
    public int size() {
        return entries.size();
    }
}
