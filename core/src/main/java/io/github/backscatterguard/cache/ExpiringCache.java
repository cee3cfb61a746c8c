package io.github.backscatterguard.cache;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The server-wide answer caches (DNSBL, SPF) share this mechanism: each value is kept for the time
 * its loader says (the DNS TTL, capped by the caller), the number of entries is bounded, and
 * concurrent requests for one key share one load.
 *
 * @param <K> the key, with value equality
 * @param <V> the cached value
 */
public final class ExpiringCache<K, V> {
    /** What a finished load yields: the value and for how many seconds it may be reused. */
    public static final class Timed<V> {
        final V value;
        final long seconds;

        public Timed(V value, long seconds) {
            this.value = value;
            this.seconds = Math.max(0, seconds);
        }
    }

    private static final class Entry<V> {
        final CompletableFuture<V> value = new CompletableFuture<>();
        /** Long.MAX_VALUE while the load runs: concurrent requests wait for it. */
        volatile long expiresAtNanos = Long.MAX_VALUE;

        boolean isFresh(long now) {
            return now - expiresAtNanos < 0;
        }
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final LongSupplier nanoClock;

    public ExpiringCache(int maxEntries, LongSupplier nanoClock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache size must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
    }

    /**
     * The cached value for {@code key}, or the one {@code loader} produces. The loader is called at
     * most once per key and lifetime, however many threads ask at once; {@code onHit} runs when the
     * answer comes from the cache (or from a load already under way). A failed load reaches every
     * waiting caller and is not cached.
     */
    public CompletableFuture<V> get(K key, Supplier<CompletableFuture<Timed<V>>> loader, Runnable onHit) {
        long now = nanoClock.getAsLong();
        Entry<V> existing = entries.get(key);
        if (existing != null && existing.isFresh(now)) {
            onHit.run();
            return existing.value;
        }
        Entry<V> fresh = new Entry<>();
        Entry<V> current = entries.compute(key, (k, old) -> old != null && old.isFresh(now) ? old : fresh);
        if (current != fresh) {
            onHit.run();
            return current.value;
        }
        if (entries.size() > maxEntries) {
            evict();
        }
        load(key, fresh, loader);
        return fresh.value;
    }

    private void load(K key, Entry<V> entry, Supplier<CompletableFuture<Timed<V>>> loader) {
        CompletableFuture<Timed<V>> loading;
        try {
            loading = loader.get();
        } catch (RuntimeException | Error e) {
            loading = CompletableFuture.failedFuture(e);
        }
        loading.whenComplete((timed, failure) -> {
            if (failure != null) {
                entries.remove(key, entry);
                entry.value.completeExceptionally(failure);
                return;
            }
            // TimeUnit saturates where Duration.toNanos() would throw past 292 years, leaving the entry never completed.
            entry.expiresAtNanos = nanoClock.getAsLong() + TimeUnit.SECONDS.toNanos(timed.seconds);
            entry.value.complete(timed.value);
        });
    }

    /** Drops expired entries, then, if still too many, finished ones in no particular order. */
    private void evict() {
        long now = nanoClock.getAsLong();
        entries.values().removeIf(entry -> entry.value.isDone() && !entry.isFresh(now));
        int target = maxEntries - maxEntries / 10;
        Iterator<Entry<V>> it = entries.values().iterator();
        while (entries.size() > target && it.hasNext()) {
            if (it.next().value.isDone()) {
                it.remove();
            }
        }
    }

    /** Number of entries held now (expired ones included until evicted). */
    public int size() {
        return entries.size();
    }
}
