package io.github.backscatterguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backscatterguard.dnsbl.ScriptedDnsServer.Script;
import io.github.backscatterguard.dnsbl.ScriptedDnsServer.TcpReply;
import io.github.backscatterguard.dnsbl.ScriptedDnsServer.UdpReply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DNSBL engine (dnsjava client, checker, cache) against a DNS server that misbehaves as the
 * test scripts: every fault is an ERROR result of the right kind (never a listing, never an
 * exception), and a truncated UDP answer is taken over TCP.
 */
class DnsblCheckerScriptedFaultTest {
    /** For the faults that end in a timeout: short, so the test does not wait long. */
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** For the answers that must succeed (UDP then TCP): generous, so a loaded machine cannot turn them into timeouts. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static ScriptedDnsServer dns;

    private final Map<LookupError, AtomicInteger> errors = new ConcurrentHashMap<>();
    private final AtomicInteger listed = new AtomicInteger();
    private final DnsblMetrics metrics = new DnsblMetrics() {
        @Override
        public void lookup(String zone) {
        }

        @Override
        public void cacheHit(String zone) {
        }

        @Override
        public void listed(String zone) {
            listed.incrementAndGet();
        }

        @Override
        public void error(String zone, LookupError error) {
            errors.computeIfAbsent(error, e -> new AtomicInteger()).incrementAndGet();
        }
    };

    @BeforeAll
    static void startDns() throws Exception {
        dns = ScriptedDnsServer.start()
            .script("nothing.unit-faults.test", Script.udp(UdpReply.NOTHING))
            .script("servfail.unit-faults.test", Script.udp(UdpReply.SERVFAIL))
            .script("refused.unit-faults.test", Script.udp(UdpReply.REFUSED))
            .script("garbage.unit-faults.test", Script.udp(UdpReply.GARBAGE))
            .script("wrong-id.unit-faults.test", Script.udp(UdpReply.WRONG_ID))
            .script("short-header.unit-faults.test", Script.udp(UdpReply.SHORT_HEADER))
            .script("tc-tcp-silent.unit-faults.test", Script.udp(UdpReply.TRUNCATED).withTcp(TcpReply.NOTHING))
            .script("outside.unit-faults.test", Script.answer("10.0.0.2"))
            .script("refusing.unit-faults.test", Script.answer("127.255.255.254"))
            .script("tc-tcp.unit-faults.test", Script.answer("127.0.0.2").withTxt("listed over TCP").withUdp(UdpReply.TRUNCATED)
                .listing("127.0.0.66"));
    }

    @AfterAll
    static void stopDns() throws Exception {
        if (dns != null) {
            dns.close();
        }
    }

    private DnsblChecker checker(InetSocketAddress server) {
        return checker(server, TIMEOUT);
    }

    private DnsblChecker checker(InetSocketAddress server, Duration timeout) {
        return new DnsblChecker(DnsjavaClient.servers(List.of(server), timeout), new DnsblCache(100, metrics), metrics, timeout,
            Duration.ofHours(1));
    }

    static Stream<Arguments> faults() {
        return Stream.of(
            Arguments.of("nothing.unit-faults.test", LookupError.TIMEOUT),
            Arguments.of("servfail.unit-faults.test", LookupError.SERVER_ERROR),
            Arguments.of("refused.unit-faults.test", LookupError.SERVER_ERROR),
            Arguments.of("garbage.unit-faults.test", LookupError.NETWORK),
            Arguments.of("wrong-id.unit-faults.test", LookupError.NETWORK),
            Arguments.of("short-header.unit-faults.test", LookupError.NETWORK),
            Arguments.of("tc-tcp-silent.unit-faults.test", LookupError.TIMEOUT),
            Arguments.of("outside.unit-faults.test", LookupError.OUT_OF_RANGE),
            Arguments.of("refusing.unit-faults.test", LookupError.QUERY_REFUSED));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("faults")
    void everyFaultIsAnErrorOfItsKindAndNeverAListing(String zone, LookupError expected) throws Exception {
        DnsblResult result = checker(dns.address()).checkNow(DnsblZone.parse(zone + "=127.0.0.2"), InetAddress.getByName("127.0.0.66"), true);

        assertThat(result.status()).as("%s", result).isEqualTo(DnsblResult.Status.ERROR);
        assertThat(result.error()).as("%s", result).isEqualTo(Optional.of(expected));
        assertThat(errors.get(expected)).hasValue(1);
        assertThat(listed).hasValue(0);
        assertThat(dns.udpQueries(zone)).as("the server was asked").isPositive();
    }

    @Test
    void anUnreachableResolverIsANetworkError() throws Exception {
        DnsblResult result = checker(ScriptedDnsServer.unreachableAddress())
            .checkNow(DnsblZone.parse("unreachable.unit-faults.test"), InetAddress.getByName("127.0.0.66"), false);

        assertThat(result.status()).isEqualTo(DnsblResult.Status.ERROR);
        assertThat(result.error()).contains(LookupError.NETWORK);
    }

    @Test
    void aTruncatedUdpAnswerIsAskedAgainOverTcp() throws Exception {
        String zone = "tc-tcp.unit-faults.test";
        int tcpBefore = dns.tcpQueries(zone);
        DnsblResult result = checker(dns.address(), ANSWER_TIMEOUT)
            .checkNow(DnsblZone.parse(zone + "=127.0.0.2"), InetAddress.getByName("127.0.0.66"), true);

        assertThat(result.isListed()).as("%s", result).isTrue();
        assertThat(result.reason()).contains("listed over TCP");
        assertThat(dns.tcpQueries(zone)).as("A and TXT over TCP").isEqualTo(tcpBefore + 2);
        assertThat(errors).isEmpty();
    }

    @Test
    void aTruncatedAnswerForAnUnlistedIpIsNotListedOverTcp() throws Exception {
        DnsblResult result = checker(dns.address(), ANSWER_TIMEOUT)
            .checkNow(DnsblZone.parse("tc-tcp.unit-faults.test=127.0.0.2"), InetAddress.getByName("127.0.0.1"), true);

        assertThat(result.status()).isEqualTo(DnsblResult.Status.NOT_LISTED);
    }
}
