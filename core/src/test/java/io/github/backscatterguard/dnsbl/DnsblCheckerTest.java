package io.github.backscatterguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The checker's own rules, over a scripted DnsClient (the real DNS is in DnsblCheckerRbldnsdTest). */
class DnsblCheckerTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger queries = new AtomicInteger();
    private final DnsblZone zone = DnsblZone.parse("bl.example=127.0.0.2");

    private DnsblChecker checker(CompletionStage<DnsAnswer> answer) {
        DnsClient client = new DnsClient() {
            @Override
            public CompletionStage<DnsAnswer> queryA(String name) {
                queries.incrementAndGet();
                return answer;
            }

            @Override
            public CompletionStage<List<String>> queryTxt(String name) {
                return CompletableFuture.failedFuture(new DnsLookupException(LookupError.TIMEOUT, "no TXT"));
            }
        };
        return new DnsblChecker(client, new DnsblCache(100, DnsblMetrics.NONE, now::get), DnsblMetrics.NONE,
            Duration.ofMillis(200), Duration.ofSeconds(100));
    }

    private static InetAddress ip() throws Exception {
        return InetAddress.getByName("192.0.2.1");
    }

    @Test
    void capsTheDnsTtl() throws Exception {
        DnsblChecker checker = checker(CompletableFuture.completedFuture(DnsAnswer.noSuchName(86_400)));

        checker.checkNow(zone, ip(), false);
        now.addAndGet(Duration.ofSeconds(99).toNanos());
        checker.checkNow(zone, ip(), false);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        checker.checkNow(zone, ip(), false);

        assertThat(queries).hasValue(2);
    }

    @Test
    void keepsErrorsForHalfAMinute() throws Exception {
        DnsblChecker checker = checker(CompletableFuture.failedFuture(new DnsLookupException(LookupError.SERVER_ERROR, "SERVFAIL")));

        assertThat(checker.checkNow(zone, ip(), false).error()).contains(LookupError.SERVER_ERROR);
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        checker.checkNow(zone, ip(), false);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        checker.checkNow(zone, ip(), false);

        assertThat(queries).hasValue(2);
    }

    @Test
    void aQueryThatNeverCompletesTimesOut() throws Exception {
        DnsblResult result = checker(new CompletableFuture<>()).checkNow(zone, ip(), false);

        assertThat(result.error()).contains(LookupError.TIMEOUT);
    }

    @Test
    void listingStandsWhenTheTxtLookupFails() throws Exception {
        DnsblChecker checker = checker(CompletableFuture.completedFuture(DnsAnswer.addresses(List.of(new byte[] {127, 0, 0, 2}), 60)));

        DnsblResult result = checker.checkNow(zone, ip(), true);

        assertThat(result.isListed()).isTrue();
        assertThat(result.reason()).isEmpty();
    }
}
