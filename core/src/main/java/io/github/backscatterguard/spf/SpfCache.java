package io.github.backscatterguard.spf;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The SPF results of the whole server, keyed by (client IP, domain checked): each is kept for the
 * time its loader says (the DNS TTL, capped), the number of entries is bounded, and concurrent
 * identical checks share one evaluation.
 * <p>
 * The key leaves out the sender's local part and the HELO name: they only matter to records that
 * use the {@code %{l}}, {@code %{s}} or {@code %{h}} macros (RFC 7208 section 7), which are rare;
 * for those the cached result may be the one of another local part for at most the entry's lifetime.
 */
public final class SpfCache {
    /** What a finished evaluation yields: the outcome and for how many seconds it may be reused. */
    public static final class Timed {
        private static final long MAX_SECONDS = Duration.ofDays(365).getSeconds();
        final SpfOutcome outcome;
        final long seconds;

        public Timed(SpfOutcome outcome, long seconds) {
            this.outcome = Objects.requireNonNull(outcome, "outcome");
            this.seconds = Math.min(Math.max(0, seconds), MAX_SECONDS);
        }
    }

    private static final class Key {
        final InetAddress ip;
        final String domain;

        Key(InetAddress ip, String domain) {
            this.ip = ip;
            this.domain = domain;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ip.equals(((Key) o).ip) && domain.equals(((Key) o).domain);
        }

        @Override
        public int hashCode() {
            return ip.hashCode() * 31 + domain.hashCode();
        }
    }

    private static final class Entry {
        final CompletableFuture<SpfOutcome> outcome = new CompletableFuture<>();
        /** Long.MAX_VALUE while the evaluation runs: concurrent checks wait for it. */
        volatile long expiresAtNanos = Long.MAX_VALUE;

        boolean isFresh(long now) {
            return now - expiresAtNanos < 0;
        }
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final LongSupplier nanoClock;

    public SpfCache(int maxEntries) {
        this(maxEntries, System::nanoTime);
    }

    SpfCache(int maxEntries, LongSupplier nanoClock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache size must be at least 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
    }

    /**
     * The cached outcome for (ip, domain), or the one {@code loader} produces, run in this thread.
     * The loader runs at most once per key and lifetime, however many threads ask at once; if it
     * throws, the exception reaches this caller and every waiting one, and nothing is cached.
     */
    public SpfOutcome get(InetAddress ip, String domain, Supplier<Timed> loader) {
        Key key = new Key(ip, domain);
        long now = nanoClock.getAsLong();
        Entry existing = entries.get(key);
        if (existing != null && existing.isFresh(now)) {
            return existing.outcome.join();
        }
        Entry fresh = new Entry();
        Entry current = entries.compute(key, (k, old) -> old != null && old.isFresh(now) ? old : fresh);
        if (current != fresh) {
            return current.outcome.join();
        }
        if (entries.size() > maxEntries) {
            evict();
        }
        try {
            Timed timed = loader.get();
            fresh.expiresAtNanos = nanoClock.getAsLong() + Duration.ofSeconds(timed.seconds).toNanos();
            fresh.outcome.complete(timed.outcome);
            return timed.outcome;
        } catch (RuntimeException | Error e) {
            entries.remove(key, fresh);
            fresh.outcome.completeExceptionally(e);
            throw e;
        }
    }

    /** Drops expired entries, then, if still too many, finished ones in no particular order. */
    private void evict() {
        long now = nanoClock.getAsLong();
        entries.values().removeIf(entry -> entry.outcome.isDone() && !entry.isFresh(now));
        int target = maxEntries - maxEntries / 10;
        Iterator<Entry> it = entries.values().iterator();
        while (entries.size() > target && it.hasNext()) {
            if (it.next().outcome.isDone()) {
                it.remove();
            }
        }
    }

    /** Number of entries held now (expired ones included until evicted). */
    public int size() {
        return entries.size();
    }
}
