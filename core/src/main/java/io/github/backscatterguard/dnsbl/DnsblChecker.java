package io.github.backscatterguard.dnsbl;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * Checks an IP against a DNSBL zone: builds the query name, asks the DNS through the shared cache,
 * applies RFC 5782's sanity rules and the zone's return-code filter, and fetches the TXT reason
 * when asked. Never fails: every DNS problem becomes an {@link DnsblResult.Status#ERROR} result,
 * which callers treat as not listed (fail open), counted and logged once per zone and period.
 */
public final class DnsblChecker {
    private static final Duration LOG_PERIOD = Duration.ofMinutes(10);
    /** A failed lookup is retried after this long, so a dead resolver costs one timeout per IP and period. */
    private static final long ERROR_CACHE_SECONDS = 30;

    private final DnsClient client;
    private final DnsblCache cache;
    private final DnsblMetrics metrics;
    private final Duration timeout;
    private final long maxCacheTtlSeconds;
    /** One for the whole server: a dead resolver is reported once per zone and kind, whichever matcher or hook met it. */
    private static final ThrottledLog ERROR_LOG = new ThrottledLog(LoggerFactory.getLogger(DnsblChecker.class), LOG_PERIOD, System::nanoTime);

    /**
     * @param timeout how long one DNS query may take before the IP is taken as not listed
     * @param maxCacheTtl the longest time an answer is kept, whatever its DNS TTL says
     */
    public DnsblChecker(DnsClient client, DnsblCache cache, DnsblMetrics metrics, Duration timeout, Duration maxCacheTtl) {
        this.client = Objects.requireNonNull(client, "client");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.maxCacheTtlSeconds = maxCacheTtl.getSeconds();
    }

    public Duration timeout() {
        return timeout;
    }

    /** The result for {@code ip} in {@code zone}; completes within the timeout, never exceptionally. */
    public CompletableFuture<DnsblResult> check(DnsblZone zone, InetAddress ip, boolean withReason) {
        return cache.get(zone, ip, withReason, () -> query(zone, ip, withReason))
            .exceptionally(failure -> DnsblResult.error(zone, LookupError.NETWORK, describe(failure)));
    }

    /** {@link #check} waited for: returns within the timeout (plus scheduling slack), never throws. */
    public DnsblResult checkNow(DnsblZone zone, InetAddress ip, boolean withReason) {
        CompletableFuture<DnsblResult> pending = check(zone, ip, withReason);
        try {
            // The query itself times out after `timeout`; the margin only covers thread scheduling.
            return pending.get(timeout.toMillis() + 250, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DnsblResult.error(zone, LookupError.TIMEOUT, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return DnsblResult.error(zone, LookupError.TIMEOUT, describe(e));
        }
    }

    private CompletableFuture<DnsblCache.Timed> query(DnsblZone zone, InetAddress ip, boolean withReason) {
        String name = DnsblQueryName.of(ip, zone.name());
        metrics.lookup(zone.name());
        return client.queryA(name).toCompletableFuture()
            .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .thenCompose(answer -> evaluate(zone, name, answer, withReason))
            .exceptionally(failure -> failed(zone, ip, failure));
    }

    private CompletableFuture<DnsblCache.Timed> evaluate(DnsblZone zone, String name, DnsAnswer answer, boolean withReason) {
        List<String> codes = new ArrayList<>();
        for (byte[] address : answer.addresses()) {
            String code = (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
            if ((address[0] & 0xff) != 127) {
                throw new CompletionException(new DnsLookupException(LookupError.OUT_OF_RANGE, "answer " + code + " is outside 127.0.0.0/8"));
            }
            if ((address[1] & 0xff) == 255 && (address[2] & 0xff) == 255) {
                throw new CompletionException(new DnsLookupException(LookupError.QUERY_REFUSED, "answer " + code + " means the list refuses this resolver's queries"));
            }
            if (zone.filter().accepts(address)) {
                codes.add(code);
            }
        }
        if (codes.isEmpty()) {
            return CompletableFuture.completedFuture(new DnsblCache.Timed(DnsblResult.notListed(zone), cacheSeconds(answer)));
        }
        metrics.listed(zone.name());
        if (!withReason) {
            return CompletableFuture.completedFuture(new DnsblCache.Timed(DnsblResult.listed(zone, codes, null), cacheSeconds(answer)));
        }
        // The listing stands even when the TXT lookup fails: the reason is only decoration.
        return client.queryTxt(name).toCompletableFuture()
            .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .handle((texts, failure) -> {
                String reason = failure == null && !texts.isEmpty() ? String.join("; ", texts) : null;
                return new DnsblCache.Timed(DnsblResult.listed(zone, codes, reason), cacheSeconds(answer));
            });
    }

    private DnsblCache.Timed failed(DnsblZone zone, InetAddress ip, Throwable failure) {
        Throwable cause = unwrap(failure);
        LookupError error;
        if (cause instanceof DnsLookupException) {
            error = ((DnsLookupException) cause).error();
        } else if (cause instanceof TimeoutException) {
            error = LookupError.TIMEOUT;
        } else {
            error = LookupError.NETWORK;
        }
        metrics.error(zone.name(), error);
        String detail = describe(cause);
        ERROR_LOG.warn(zone.name() + "/" + error, "DNSBL " + zone.name() + ": " + error + " (" + detail + ") while checking "
            + ip.getHostAddress() + "; treating the IP as not listed (fail-open). Such errors are counted; this line repeats at most every "
            + LOG_PERIOD.toMinutes() + " minutes per zone and kind");
        return new DnsblCache.Timed(DnsblResult.error(zone, error, detail), ERROR_CACHE_SECONDS);
    }

    private long cacheSeconds(DnsAnswer answer) {
        return Math.min(answer.ttlSeconds(), maxCacheTtlSeconds);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TimeoutException) {
            return "no answer within the timeout";
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
