package io.github.backscatterguard.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The checker's lifetimes, with a scripted evaluator and a hand-driven clock. */
class SpfCheckerTest {
    private final AtomicLong now = new AtomicLong();
    private final SpfCache cache = new SpfCache(100, now::get);
    private final List<SpfQuery> evaluated = new ArrayList<>();

    private SpfEvaluator answering(SpfResult result, long ttlSeconds) {
        return query -> {
            evaluated.add(query);
            return SpfOutcome.of(result, query.domain(), List.of(), Optional.empty(), Optional.empty(), ttlSeconds);
        };
    }

    private static SpfQuery query(String sender) throws Exception {
        return SpfQuery.of(InetAddress.getByName("192.0.2.1"), Optional.ofNullable(sender), Optional.of("mx.example.test"));
    }

    private void advanceSeconds(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void aResultIsKeptForItsDnsTtlWhenShorterThanTheMaximumAge() throws Exception {
        SpfChecker checker = new SpfChecker(answering(SpfResult.FAIL, 60), cache, Duration.ofMinutes(5));

        checker.check(query("a@example.test"));
        advanceSeconds(59);
        checker.check(query("b@example.test"));
        assertThat(evaluated).hasSize(1);

        advanceSeconds(2);
        checker.check(query("a@example.test"));
        assertThat(evaluated).hasSize(2);
    }

    @Test
    void aResultIsKeptAtMostForTheMaximumAge() throws Exception {
        SpfChecker checker = new SpfChecker(answering(SpfResult.PASS, 86_400), cache, Duration.ofMinutes(5));

        checker.check(query("a@example.test"));
        advanceSeconds(299);
        checker.check(query("a@example.test"));
        advanceSeconds(2);
        checker.check(query("a@example.test"));

        assertThat(evaluated).hasSize(2);
    }

    @Test
    void aTemperrorIsRetriedAfterHalfAMinute() throws Exception {
        SpfChecker checker = new SpfChecker(answering(SpfResult.TEMPERROR, 86_400), cache, Duration.ofMinutes(5));

        checker.check(query("a@example.test"));
        advanceSeconds(SpfChecker.TEMPERROR_CACHE_SECONDS - 1);
        checker.check(query("a@example.test"));
        advanceSeconds(2);
        checker.check(query("a@example.test"));

        assertThat(evaluated).hasSize(2);
    }

    @Test
    void aZeroMaximumAgeTurnsTheCacheOff() throws Exception {
        SpfChecker checker = new SpfChecker(answering(SpfResult.PASS, 3600), cache, Duration.ZERO);

        checker.check(query("a@example.test"));
        checker.check(query("a@example.test"));

        assertThat(evaluated).hasSize(2);
    }

    @Test
    void theNullSenderWithoutHeloIsNoneWithoutEvaluation() throws Exception {
        SpfChecker checker = new SpfChecker(answering(SpfResult.PASS, 3600), cache, Duration.ofMinutes(5));

        SpfOutcome outcome = checker.check(SpfQuery.of(InetAddress.getByName("192.0.2.1"), Optional.empty(), Optional.empty()));

        assertThat(outcome.result()).isEqualTo(SpfResult.NONE);
        assertThat(evaluated).isEmpty();
    }
}
