package io.github.backscatterguard.spf;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * SPF checks through the shared {@link SpfCache}: a result is reused for (IP, domain) as long as
 * the DNS answers it rests on may be (their smallest TTL), never longer than the maximum cache age;
 * a {@code temperror} is reused for at most {@value #TEMPERROR_CACHE_SECONDS} seconds, so a dead
 * resolver costs one timeout per (IP, domain) and period, not one per mail.
 */
public final class SpfChecker {
    static final long TEMPERROR_CACHE_SECONDS = 30;

    private final SpfEvaluator evaluator;
    private final SpfCache cache;
    private final long maxCacheAgeSeconds;

    public SpfChecker(SpfEvaluator evaluator, SpfCache cache, Duration maxCacheAge) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.maxCacheAgeSeconds = maxCacheAge.getSeconds();
    }

    /**
     * The SPF outcome for the query, from the cache or a fresh evaluation. DNS trouble is a
     * {@code temperror} outcome; only a failure of the evaluator itself (a bug) throws.
     */
    public SpfOutcome check(SpfQuery query) {
        Optional<String> domain = query.domain();
        if (domain.isEmpty()) {
            return SpfOutcome.withoutLookup(SpfResult.NONE, domain, "null sender without a HELO name: no domain to check");
        }
        return cache.get(query.ip(), domain.get(), () -> {
            SpfOutcome outcome = evaluator.evaluate(query);
            long seconds = outcome.result() == SpfResult.TEMPERROR ? TEMPERROR_CACHE_SECONDS : outcome.ttlSeconds();
            return new SpfCache.Timed(outcome, Math.min(seconds, maxCacheAgeSeconds));
        });
    }
}
