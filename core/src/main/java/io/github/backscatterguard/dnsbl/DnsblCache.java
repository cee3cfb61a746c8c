package io.github.backscatterguard.dnsbl;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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

    private static final class Entry {
        final CompletableFuture<DnsblResult> result = new CompletableFuture<>();
        /** Long.MAX_VALUE while the query is in flight: waiters share it. */
        volatile long expiresAtNanos = Long.MAX_VALUE;

        boolean isFresh(long now) {
            return now - expiresAtNanos < 0;
        }
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final DnsblMetrics metrics;

    public DnsblCache(int maxEntries, DnsblMetrics metrics) {
        this(maxEntries, metrics, System::nanoTime);
    }

    DnsblCache(int maxEntries, DnsblMetrics metrics, LongSupplier nanoClock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache size must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.nanoClock = nanoClock;
    }

    /**
     * The cached result for this check, or the one {@code loader} produces. The loader is called
     * at most once per key and period, however many threads ask at the same time.
     */
    public CompletableFuture<DnsblResult> get(DnsblZone zone, InetAddress ip, boolean withReason,
                                              Supplier<CompletableFuture<Timed>> loader) {
        Key key = new Key(zone, ip, withReason);
        long now = nanoClock.getAsLong();
        Entry existing = entries.get(key);
        if (existing != null && existing.isFresh(now)) {
            metrics.cacheHit(zone.name());
            return existing.result;
        }
        Entry fresh = new Entry();
        Entry current = entries.compute(key, (k, old) -> old != null && old.isFresh(now) ? old : fresh);
        if (current != fresh) {
            metrics.cacheHit(zone.name());
            return current.result;
        }
        load(key, fresh, loader);
        if (entries.size() > maxEntries) {
            evict();
        }
        return fresh.result;
    }

    private void load(Key key, Entry entry, Supplier<CompletableFuture<Timed>> loader) {
        CompletableFuture<Timed> loading;
        try {
            loading = loader.get();
        } catch (RuntimeException e) {
            loading = CompletableFuture.failedFuture(e);
        }
        loading.whenComplete((timed, failure) -> {
            if (failure != null) {
                // Loaders turn every failure into an error result; this is a bug path: never cache it.
                entries.remove(key, entry);
                entry.result.completeExceptionally(failure);
                return;
            }
            // TimeUnit saturates where Duration.toNanos() would throw past 292 years, leaving the entry never completed.
            entry.expiresAtNanos = nanoClock.getAsLong() + TimeUnit.SECONDS.toNanos(Math.max(0, timed.ttlSeconds));
            entry.result.complete(timed.result);
        });
    }

    /** Drops expired entries, then, if still too many, finished ones in no particular order. */
    private void evict() {
        long now = nanoClock.getAsLong();
        entries.values().removeIf(entry -> entry.result.isDone() && !entry.isFresh(now));
        int target = maxEntries - maxEntries / 10;
        Iterator<Entry> it = entries.values().iterator();
        while (entries.size() > target && it.hasNext()) {
            if (it.next().result.isDone()) {
                it.remove();
            }
        }
    }

    /** Number of entries held now (expired ones included until evicted). */
    public int size() {
        return entries.size();
    }
}
