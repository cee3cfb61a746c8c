package io.github.backscatterguard.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SpfCacheTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final SpfCache cache = new SpfCache(100, now::get);
    private final AtomicInteger loads = new AtomicInteger();

    private static SpfOutcome outcome(SpfResult result) {
        return SpfOutcome.of(result, Optional.of("example.test"), List.of(), Optional.empty(), Optional.empty(), 60);
    }

    private SpfCache.Timed load(SpfResult result, long seconds) {
        loads.incrementAndGet();
        return new SpfCache.Timed(outcome(result), seconds);
    }

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void aResultIsReusedUntilItExpires() throws Exception {
        assertThat(cache.get(ip("192.0.2.1"), "example.test", () -> load(SpfResult.FAIL, 60)).result()).isEqualTo(SpfResult.FAIL);
        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertThat(cache.get(ip("192.0.2.1"), "example.test", () -> load(SpfResult.PASS, 60)).result()).isEqualTo(SpfResult.FAIL);
        assertThat(loads).hasValue(1);

        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertThat(cache.get(ip("192.0.2.1"), "example.test", () -> load(SpfResult.PASS, 60)).result()).isEqualTo(SpfResult.PASS);
        assertThat(loads).hasValue(2);
    }

    @Test
    void theKeyIsTheIpAndTheDomain() throws Exception {
        cache.get(ip("192.0.2.1"), "example.test", () -> load(SpfResult.FAIL, 60));
        cache.get(ip("192.0.2.2"), "example.test", () -> load(SpfResult.PASS, 60));
        cache.get(ip("192.0.2.1"), "other.test", () -> load(SpfResult.PASS, 60));

        assertThat(loads).hasValue(3);
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void aZeroLifetimeIsNeverReused() throws Exception {
        cache.get(ip("192.0.2.1"), "example.test", () -> load(SpfResult.FAIL, 0));
        cache.get(ip("192.0.2.1"), "example.test", () -> load(SpfResult.FAIL, 0));

        assertThat(loads).hasValue(2);
    }

    @Test
    void theNumberOfEntriesIsBounded() throws Exception {
        SpfCache small = new SpfCache(10, now::get);
        for (int i = 0; i < 1000; i++) {
            small.get(ip("192.0.2." + (i % 250)), "d" + i + ".test", () -> load(SpfResult.PASS, 3600));
        }

        assertThat(small.size()).isLessThanOrEqualTo(11);
    }

    @Test
    void aFailingLoaderIsNotCachedAndItsExceptionReachesTheCaller() throws Exception {
        assertThatThrownBy(() -> cache.get(ip("192.0.2.1"), "example.test", () -> {
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class).hasMessage("bug");

        assertThat(cache.get(ip("192.0.2.1"), "example.test", () -> load(SpfResult.PASS, 60)).result()).isEqualTo(SpfResult.PASS);
        assertThat(loads).hasValue(1);
    }

    @Test
    void concurrentChecksOfOneKeyShareOneEvaluation() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            Future<SpfOutcome> first = threads.submit(() -> cache.get(ip("192.0.2.1"), "example.test", () -> {
                loading.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return load(SpfResult.SOFTFAIL, 60);
            }));
            loading.await();
            List<Future<SpfOutcome>> others = List.of(
                threads.submit(() -> cache.get(ip("192.0.2.1"), "example.test", () -> load(SpfResult.PASS, 60))),
                threads.submit(() -> cache.get(ip("192.0.2.1"), "example.test", () -> load(SpfResult.PASS, 60))));
            release.countDown();

            assertThat(first.get(5, TimeUnit.SECONDS).result()).isEqualTo(SpfResult.SOFTFAIL);
            for (Future<SpfOutcome> other : others) {
                assertThat(other.get(5, TimeUnit.SECONDS).result()).isEqualTo(SpfResult.SOFTFAIL);
            }
            assertThat(loads).hasValue(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aCacheNeedsRoomForOneEntry() {
        assertThatThrownBy(() -> new SpfCache(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
