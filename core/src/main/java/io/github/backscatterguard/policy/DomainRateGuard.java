package io.github.backscatterguard.policy;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Limits how many messages go to each destination domain: {@link #tryAcquire(String)} says whether
 * one more message to that domain fits within the {@link RateLimit}. Domains compare
 * case-insensitively, with or without a trailing dot.
 * <p>
 * Algorithm: a token bucket per domain of capacity COUNT that refills at COUNT per DURATION,
 * written as the Generic Cell Rate Algorithm (GCRA), which keeps one {@code long} per domain: the
 * "theoretical arrival time" at which the bucket is full again. Chosen over a sliding-window log
 * (exactly COUNT in any window, but one timestamp per message: up to COUNT longs per domain) and a
 * sliding-window counter (an estimate) because memory per domain is constant and small whatever
 * COUNT is, the arithmetic is exact integers, and an idle domain (full bucket) carries no state, so
 * forgetting it loses nothing. Meaning for {@code 100/1h}: a burst of up to 100 to a quiet domain,
 * then one message every 36 s; any window of one hour carries fewer than 200.
 * <p>
 * Memory is bounded: at most {@code maxDomains} domains are tracked. When a new domain arrives at a
 * full table the least recently used domain is forgotten; if its bucket had refilled nothing is
 * lost, otherwise that domain starts again with a full bucket. So an attacker spreading mail over
 * more than {@code maxDomains} domains within one window can exceed the limit for the evicted
 * domains, but never grows the memory.
 * <p>
 * Thread-safe: one lock around a hash lookup and a few additions, far below the rates at which it
 * would contend.
 */
public final class DomainRateGuard {
    public static final int DEFAULT_MAX_DOMAINS = 10_000;

    private final RateLimit limit;
    private final int maxDomains;
    private final LongSupplier nanoTicker;
    /** Time one message "costs": DURATION / COUNT, rounded up so the sustained rate never exceeds the limit. */
    private final long emissionIntervalNanos;
    /** How far the theoretical arrival time may run ahead of now: COUNT messages' worth, i.e. the bucket's capacity. */
    private final long capacityNanos;
    private final Map<String, Bucket> buckets;

    /** A guard on the system's monotonic clock, tracking at most {@value #DEFAULT_MAX_DOMAINS} domains. */
    public DomainRateGuard(RateLimit limit) {
        this(limit, DEFAULT_MAX_DOMAINS, System::nanoTime);
    }

    /**
     * @param nanoTicker a monotonic clock in nanoseconds, like {@link System#nanoTime()}; tests pass a fake one
     */
    public DomainRateGuard(RateLimit limit, int maxDomains, LongSupplier nanoTicker) {
        this.limit = Objects.requireNonNull(limit, "limit");
        if (maxDomains < 1) {
            throw new IllegalArgumentException("maxDomains must be at least 1, was " + maxDomains);
        }
        this.maxDomains = maxDomains;
        this.nanoTicker = Objects.requireNonNull(nanoTicker, "nanoTicker");
        long windowNanos = limit.window().toNanos();
        this.emissionIntervalNanos = (windowNanos + limit.count() - 1) / limit.count();
        this.capacityNanos = emissionIntervalNanos * limit.count();
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > DomainRateGuard.this.maxDomains;
            }
        };
    }

    /** True, and counts the message, when one more message to {@code domain} is within the limit. */
    public boolean tryAcquire(String domain) {
        String key = normalize(domain);
        synchronized (buckets) {
            long now = nanoTicker.getAsLong();
            Bucket bucket = buckets.get(key);
            long next = nextArrival(bucket, now);
            if (!fits(next, now)) {
                return false;
            }
            store(key, bucket, next);
            return true;
        }
    }

    /**
     * All or nothing for one message to several domains: true, and counts the message once for each
     * distinct domain, when it fits the limit of every one of them; false, counting nothing, otherwise.
     */
    public boolean tryAcquireAll(Collection<String> domains) {
        Set<String> keys = new LinkedHashSet<>();
        domains.forEach(domain -> keys.add(normalize(domain)));
        synchronized (buckets) {
            long now = nanoTicker.getAsLong();
            for (String key : keys) {
                if (!fits(nextArrival(buckets.get(key), now), now)) {
                    return false;
                }
            }
            for (String key : keys) {
                Bucket bucket = buckets.get(key);
                store(key, bucket, nextArrival(bucket, now));
            }
            return true;
        }
    }

    /** How many domains are tracked now (at most {@code maxDomains}). */
    public int trackedDomains() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    public RateLimit limit() {
        return limit;
    }

    public int maxDomains() {
        return maxDomains;
    }

    private long nextArrival(Bucket bucket, long now) {
        // Differences, not comparisons, of nanoTime values: they stay right across the ticker's wrap-around.
        long start = bucket == null || bucket.theoreticalArrival - now < 0 ? now : bucket.theoreticalArrival;
        return start + emissionIntervalNanos;
    }

    private boolean fits(long nextArrival, long now) {
        return nextArrival - now <= capacityNanos;
    }

    private void store(String key, Bucket bucket, long nextArrival) {
        if (bucket == null) {
            Bucket fresh = new Bucket();
            fresh.theoreticalArrival = nextArrival;
            buckets.put(key, fresh);
        } else {
            bucket.theoreticalArrival = nextArrival;
        }
    }

    private static String normalize(String domain) {
        Objects.requireNonNull(domain, "domain");
        String key = domain.trim().toLowerCase(Locale.ROOT);
        if (key.endsWith(".")) {
            key = key.substring(0, key.length() - 1);
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty domain '" + domain + "'");
        }
        return key;
    }

    private static final class Bucket {
        long theoreticalArrival;
    }

    @Override
    public String toString() {
        return "DomainRateGuard[" + limit + " per domain, at most " + maxDomains + " domains]";
    }
}
