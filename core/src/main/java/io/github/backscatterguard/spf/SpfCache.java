package io.github.backscatterguard.spf;

import io.github.backscatterguard.cache.ExpiringCache;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

    private final ExpiringCache<Key, SpfOutcome> entries;

    public SpfCache(int maxEntries) {
        this(maxEntries, System::nanoTime);
    }

    SpfCache(int maxEntries, LongSupplier nanoClock) {
        this.entries = new ExpiringCache<>(maxEntries, nanoClock);
    }

    /**
     * The cached outcome for (ip, domain), or the one {@code loader} produces, run in this thread.
     * The loader runs at most once per key and lifetime, however many threads ask at once; if it
     * throws, the exception reaches this caller and every waiting one, and nothing is cached.
     */
    public SpfOutcome get(InetAddress ip, String domain, Supplier<Timed> loader) {
        CompletableFuture<SpfOutcome> outcome = entries.get(new Key(ip, domain), () -> {
            Timed timed = loader.get();
            return CompletableFuture.completedFuture(new ExpiringCache.Timed<>(timed.outcome, timed.seconds));
        }, () -> { });
        try {
            return outcome.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw e;
        }
    }

    /** Number of entries held now (expired ones included until evicted). */
    public int size() {
        return entries.size();
    }
}
