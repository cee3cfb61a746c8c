package io.github.backscatterguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DnsblCacheTest {
    private final AtomicLong now = new AtomicLong();
    private final DnsblZone zone = DnsblZone.parse("bl.example=127.0.0.2");
    private final AtomicInteger loads = new AtomicInteger();

    private DnsblCache cache(int maxEntries) {
        return new DnsblCache(maxEntries, DnsblMetrics.NONE, now::get);
    }

    private CompletableFuture<DnsblCache.Timed> load(DnsblResult result, long ttl) {
        loads.incrementAndGet();
        return CompletableFuture.completedFuture(new DnsblCache.Timed(result, ttl));
    }

    private static InetAddress ip(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    }

    @Test
    void keepsAnAnswerForItsTtl() throws Exception {
        DnsblCache cache = cache(10);
        DnsblResult listed = DnsblResult.listed(zone, List.of("127.0.0.2"), null);

        cache.get(zone, ip(2), false, () -> load(listed, 30));
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(cache.get(zone, ip(2), false, () -> load(listed, 30)).join()).isSameAs(listed);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        cache.get(zone, ip(2), false, () -> load(listed, 30));

        assertThat(loads).hasValue(2);
    }

    @Test
    void concurrentChecksShareOneQuery() throws Exception {
        DnsblCache cache = cache(10);
        CompletableFuture<DnsblCache.Timed> pending = new CompletableFuture<>();

        CompletableFuture<DnsblResult> first = cache.get(zone, ip(2), false, () -> {
            loads.incrementAndGet();
            return pending;
        });
        CompletableFuture<DnsblResult> second = cache.get(zone, ip(2), false, () -> load(DnsblResult.notListed(zone), 10));
        pending.complete(new DnsblCache.Timed(DnsblResult.notListed(zone), 10));

        assertThat(loads).hasValue(1);
        assertThat(second.join()).isSameAs(first.join());
    }

    @Test
    void staysWithinItsBound() throws Exception {
        DnsblCache cache = cache(100);
        for (int i = 0; i < 250; i++) {
            cache.get(zone, ip(i), false, () -> load(DnsblResult.notListed(zone), 60));
        }

        assertThat(cache.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void aFailingLoaderIsNotCached() throws Exception {
        DnsblCache cache = cache(10);

        cache.get(zone, ip(2), false, () -> {
            loads.incrementAndGet();
            throw new IllegalStateException("bug");
        });
        cache.get(zone, ip(2), false, () -> load(DnsblResult.notListed(zone), 10));

        assertThat(loads).hasValue(2);
    }
}
