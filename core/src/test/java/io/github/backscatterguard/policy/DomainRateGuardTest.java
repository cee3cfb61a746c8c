package io.github.backscatterguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class DomainRateGuardTest {
    /** A clock the test moves by hand; starts near the wrap-around of nanoTime to prove the arithmetic survives it. */
    private final AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - Duration.ofMinutes(30).toNanos());

    private DomainRateGuard guard(String limit, int maxDomains) {
        return new DomainRateGuard(RateLimit.parse(limit), maxDomains, nanos::get);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private static int acquired(DomainRateGuard guard, String domain, int attempts) {
        int granted = 0;
        for (int i = 0; i < attempts; i++) {
            if (guard.tryAcquire(domain)) {
                granted++;
            }
        }
        return granted;
    }

    @Test
    void aQuietDomainTakesABurstOfCountThenIsRefused() {
        DomainRateGuard guard = guard("5/10m", 100);

        assertThat(acquired(guard, "example.com", 8)).isEqualTo(5);
        assertThat(guard.tryAcquire("example.com")).isFalse();
    }

    @Test
    void refillsAtCountPerDuration() {
        DomainRateGuard guard = guard("5/10m", 100);
        acquired(guard, "example.com", 5);

        advance(Duration.ofMinutes(2).minusMillis(1));
        assertThat(guard.tryAcquire("example.com")).isFalse();
        advance(Duration.ofMillis(1));
        assertThat(guard.tryAcquire("example.com")).isTrue();
        assertThat(guard.tryAcquire("example.com")).isFalse();

        advance(Duration.ofMinutes(10));
        assertThat(acquired(guard, "example.com", 10)).isEqualTo(5);
    }

    @Test
    void sustainedTrafficGetsExactlyTheConfiguredRate() {
        DomainRateGuard guard = guard("20/10m", 100);
        int granted = 0;
        // One attempt every second for 100 minutes: the burst of 20, then one per 30 s.
        for (int second = 0; second < 6000; second++) {
            if (guard.tryAcquire("example.com")) {
                granted++;
            }
            advance(Duration.ofSeconds(1));
        }
        assertThat(granted).isEqualTo(20 + 6000 / 30 - 1);
    }

    @Test
    void countsEachDomainApartAndIgnoresCaseAndTrailingDot() {
        DomainRateGuard guard = guard("2/1h", 100);

        assertThat(guard.tryAcquire("Example.COM")).isTrue();
        assertThat(guard.tryAcquire("example.com.")).isTrue();
        assertThat(guard.tryAcquire("EXAMPLE.com")).isFalse();
        assertThat(guard.tryAcquire("example.org")).isTrue();
        assertThat(guard.trackedDomains()).isEqualTo(2);
    }

    @Test
    void allOrNothingForSeveralDomainsCountsNothingWhenOneIsFull() {
        DomainRateGuard guard = guard("2/1h", 100);
        acquired(guard, "full.example", 2);

        assertThat(guard.tryAcquireAll(List.of("fresh.example", "full.example"))).isFalse();
        assertThat(guard.trackedDomains()).isEqualTo(1);
        assertThat(acquired(guard, "fresh.example", 5)).isEqualTo(2);

        DomainRateGuard other = guard("2/1h", 100);
        assertThat(other.tryAcquireAll(List.of("a.example", "B.example", "b.example"))).isTrue();
        assertThat(acquired(other, "b.example", 5)).as("counted once for the duplicate").isEqualTo(1);
    }

    @Test
    void tracksAtMostMaxDomainsForgettingTheLeastRecentlyUsed() {
        DomainRateGuard guard = guard("1/1h", 3);
        guard.tryAcquire("a.example");
        guard.tryAcquire("b.example");
        guard.tryAcquire("c.example");
        assertThat(guard.tryAcquire("a.example")).as("a is now the most recently used").isFalse();

        for (int i = 0; i < 10_000; i++) {
            guard.tryAcquire("attacker-" + i + ".example");
            assertThat(guard.trackedDomains()).isLessThanOrEqualTo(3);
        }
        assertThat(guard.trackedDomains()).isEqualTo(3);
        assertThat(guard.tryAcquire("attacker-9999.example")).as("recent domains keep their count").isFalse();
        assertThat(guard.tryAcquire("a.example")).as("an evicted domain starts again").isTrue();
    }

    @Test
    void concurrentCallersNeverGetMoreThanTheBurst() throws Exception {
        DomainRateGuard guard = guard("1000/1h", 100);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> acquired(guard, "example.com", 500));
            }
            int granted = 0;
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                granted += result.get();
            }
            assertThat(granted).isEqualTo(1000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsEmptyDomainsAndBadSizes() {
        DomainRateGuard guard = guard("1/1h", 3);
        assertThatThrownBy(() -> guard.tryAcquire(" . ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> guard("1/1h", 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("maxDomains");
    }
}
