package io.github.backscatterguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DNSBL engine against a real rbldnsd on loopback. */
class DnsblCheckerRbldnsdTest {
    /** For rbldnsd's answers: generous, so a loaded machine cannot turn an answer into a timeout. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** For the cases that must end in a timeout: short, so the test does not wait long. */
    private static final Duration SILENCE_TIMEOUT = Duration.ofMillis(800);
    private static Rbldnsd rbldnsd;

    @BeforeAll
    static void startRbldnsd() throws Exception {
        Rbldnsd.assumeInstalled();
        Map<String, String> zones = new LinkedHashMap<>();
        zones.put("bl.test:ip4set:v4", "$SOA 60 ns.bl.test hostmaster.bl.test 1 60 60 600 60\n"
            + ":127.0.0.2:Bounces to forged senders, see http://bl.test/?ip=$\n127.0.0.66\n127.0.0.70/31\n"
            + ":127.0.0.3:Other reason\n127.0.0.67\n");
        zones.put("bl.test:ip6trie:v6", ":127.0.0.2:IPv6 listed\n::1\n");
        zones.put("outside.test:ip4set:outside", ":10.1.2.3:hijacked\n127.0.0.66\n");
        zones.put("refusing.test:ip4set:refusing", ":127.255.255.254:query refused\n127.0.0.0/8\n");
        rbldnsd = Rbldnsd.start(zones);
    }

    @AfterAll
    static void stopRbldnsd() throws Exception {
        if (rbldnsd != null) {
            rbldnsd.close();
        }
    }

    private static final class CountingMetrics implements DnsblMetrics {
        final AtomicInteger lookups = new AtomicInteger();
        final AtomicInteger hits = new AtomicInteger();
        final AtomicInteger listed = new AtomicInteger();
        final Map<LookupError, AtomicInteger> errors = new ConcurrentHashMap<>();

        @Override
        public void lookup(String zone) {
            lookups.incrementAndGet();
        }

        @Override
        public void cacheHit(String zone) {
            hits.incrementAndGet();
        }

        @Override
        public void listed(String zone) {
            listed.incrementAndGet();
        }

        @Override
        public void error(String zone, LookupError error) {
            errors.computeIfAbsent(error, e -> new AtomicInteger()).incrementAndGet();
        }

        int errors(LookupError error) {
            AtomicInteger count = errors.get(error);
            return count == null ? 0 : count.get();
        }
    }

    private final CountingMetrics metrics = new CountingMetrics();

    private DnsblChecker checker(List<InetSocketAddress> servers) {
        return checker(servers, TIMEOUT);
    }

    private DnsblChecker checker(List<InetSocketAddress> servers, Duration timeout) {
        DnsblCache cache = new DnsblCache(1000, metrics);
        return new DnsblChecker(DnsjavaClient.servers(servers, timeout), cache, metrics, timeout, Duration.ofHours(1));
    }

    private DnsblChecker checker() {
        return checker(List.of(rbldnsd.address()));
    }

    @Test
    void listedIpv4IsListedWithCodeAndReason() throws Exception {
        DnsblResult result = checker().checkNow(DnsblZone.parse("bl.test=127.0.0.2"), InetAddress.getByName("127.0.0.66"), true);

        assertThat(result.status()).isEqualTo(DnsblResult.Status.LISTED);
        assertThat(result.codes()).containsExactly("127.0.0.2");
        assertThat(result.reason()).contains("Bounces to forged senders, see http://bl.test/?ip=127.0.0.66");
        assertThat(metrics.listed).hasValue(1);
    }

    @Test
    void cidrEntriesAreListed() throws Exception {
        assertThat(checker().checkNow(DnsblZone.parse("bl.test"), InetAddress.getByName("127.0.0.71"), false).isListed()).isTrue();
    }

    @Test
    void unlistedIpIsNotListed() throws Exception {
        DnsblResult result = checker().checkNow(DnsblZone.parse("bl.test=127.0.0.2"), InetAddress.getByName("127.0.0.1"), false);

        assertThat(result.status()).isEqualTo(DnsblResult.Status.NOT_LISTED);
    }

    @Test
    void answerOutsideTheFilterIsNotListed() throws Exception {
        DnsblChecker checker = checker();
        InetAddress ip = InetAddress.getByName("127.0.0.67");

        assertThat(checker.checkNow(DnsblZone.parse("bl.test=127.0.0.2"), ip, false).status()).isEqualTo(DnsblResult.Status.NOT_LISTED);
        assertThat(checker.checkNow(DnsblZone.parse("bl.test=127.0.0.[2..3]"), ip, false).codes()).containsExactly("127.0.0.3");
    }

    @Test
    void ipv6IsQueriedByNibbles() throws Exception {
        DnsblResult result = checker().checkNow(DnsblZone.parse("bl.test=127.0.0.2"), InetAddress.getByName("::1"), true);

        assertThat(result.isListed()).isTrue();
        assertThat(result.reason()).contains("IPv6 listed");
    }

    @Test
    void answerOutside127IsAnErrorNotAListing() throws Exception {
        DnsblResult result = checker().checkNow(DnsblZone.parse("outside.test"), InetAddress.getByName("127.0.0.66"), false);

        assertThat(result.status()).isEqualTo(DnsblResult.Status.ERROR);
        assertThat(result.error()).contains(LookupError.OUT_OF_RANGE);
        assertThat(metrics.errors(LookupError.OUT_OF_RANGE)).isEqualTo(1);
    }

    @Test
    void queryRefusedCodeIsAnErrorNotAListing() throws Exception {
        DnsblResult result = checker().checkNow(DnsblZone.parse("refusing.test"), InetAddress.getByName("127.0.0.5"), false);

        assertThat(result.status()).isEqualTo(DnsblResult.Status.ERROR);
        assertThat(result.error()).contains(LookupError.QUERY_REFUSED);
    }

    @Test
    void secondCheckIsACacheHit() throws Exception {
        DnsblChecker checker = checker();
        DnsblZone zone = DnsblZone.parse("bl.test=127.0.0.2");
        InetAddress ip = InetAddress.getByName("127.0.0.66");

        checker.checkNow(zone, ip, false);
        DnsblResult second = checker.checkNow(zone, ip, false);

        assertThat(second.isListed()).isTrue();
        assertThat(metrics.lookups).hasValue(1);
        assertThat(metrics.hits).hasValue(1);
    }

    @Test
    void negativeAnswerIsCachedForTheSoaMinimum() throws Exception {
        DnsblChecker checker = checker();
        DnsblZone zone = DnsblZone.parse("bl.test=127.0.0.2");
        InetAddress ip = InetAddress.getByName("127.0.0.9");

        checker.checkNow(zone, ip, false);
        checker.checkNow(zone, ip, false);

        assertThat(metrics.lookups).hasValue(1);
    }

    @Test
    void silentServerTimesOutAndFailsOpen() throws Exception {
        try (DatagramSocket blackHole = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            DnsblChecker checker = checker(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), blackHole.getLocalPort())),
                SILENCE_TIMEOUT);

            DnsblResult result = checker.checkNow(DnsblZone.parse("bl.test"), InetAddress.getByName("127.0.0.66"), false);

            assertThat(result.status()).isEqualTo(DnsblResult.Status.ERROR);
            assertThat(result.error()).contains(LookupError.TIMEOUT);
            assertThat(metrics.errors(LookupError.TIMEOUT)).isEqualTo(1);
        }
    }

    @Test
    void unreachableResolverFailsOpen() throws Exception {
        int closedPort;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        DnsblChecker checker = checker(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort)), SILENCE_TIMEOUT);

        DnsblResult result = checker.checkNow(DnsblZone.parse("bl.test"), InetAddress.getByName("127.0.0.66"), false);

        assertThat(result.status()).isEqualTo(DnsblResult.Status.ERROR);
        assertThat(result.isListed()).isFalse();
    }
}
