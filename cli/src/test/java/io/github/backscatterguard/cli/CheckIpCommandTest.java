package io.github.backscatterguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.backscatterguard.dnsbl.Rbldnsd;

/** {@code check-ip} against a real rbldnsd on loopback. */
class CheckIpCommandTest {
    private static final String ZONE = "bl.test=127.0.0.2";
    private static final String REASON = "Bounces to forged senders, see http://bl.test/";
    private static Rbldnsd rbldnsd;
    private static String server;

    @BeforeAll
    static void startRbldnsd() throws Exception {
        Rbldnsd.assumeInstalled();
        Map<String, String> zones = new LinkedHashMap<>();
        zones.put("bl.test:ip4set:v4", "$SOA 60 ns.bl.test hostmaster.bl.test 1 60 60 600 60\n"
            + ":127.0.0.2:" + REASON + "\n127.0.0.66\n"
            + ":127.0.0.3:Other list\n127.0.0.67\n");
        zones.put("bl.test:ip6trie:v6", ":127.0.0.2:IPv6 listed\n::1\n");
        zones.put("refusing.test:ip4set:refusing", ":127.255.255.254:query refused\n127.0.0.0/8\n");
        zones.put("outside.test:ip4set:outside", ":10.1.2.3:hijacked\n127.0.0.66\n");
        rbldnsd = Rbldnsd.start(zones);
        server = "127.0.0.1:" + rbldnsd.address().getPort();
    }

    @AfterAll
    static void stopRbldnsd() throws Exception {
        if (rbldnsd != null) {
            rbldnsd.close();
        }
    }

    private static CliRun checkIp(String... extra) {
        String[] args = new String[extra.length + 5];
        args[0] = "check-ip";
        args[1] = "--dns-server";
        args[2] = server;
        args[3] = "--zone";
        args[4] = ZONE;
        System.arraycopy(extra, 0, args, 5, extra.length);
        return CliRun.of(args);
    }

    @Test
    void aListedIpv4ShowsTheQueryTheCodeAndTheReasonWithExitCodeZero() {
        CliRun run = checkIp("127.0.0.66");

        assertThat(run.exitCode).isZero();
        assertThat(run.outLines()).containsExactly(
            "IP:        127.0.0.66",
            "Zone:      bl.test=127.0.0.2",
            "Query:     66.0.0.127.bl.test",
            "DNS:       " + server + ", timeout 2000 ms",
            "Codes:     127.0.0.2",
            "Reason:    " + REASON,
            "Result:    listed");
        assertThat(run.err).isEmpty();
    }

    @Test
    void anUnlistedIpIsNotListedWithExitCodeOne() {
        CliRun run = checkIp("127.0.0.99");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).contains("Query:     99.0.0.127.bl.test\n", "Codes:     (none)\n", "Reason:    (none)\n",
            "Result:    not listed\n");
    }

    @Test
    void anAnswerTheFilterRejectsIsNotListed() {
        CliRun run = checkIp("127.0.0.67");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).contains("Result:    not listed\n");
    }

    @Test
    void withoutAFilterAnyAnswerCounts() {
        CliRun run = CliRun.of("check-ip", "--dns-server", server, "--zone", "bl.test", "127.0.0.67");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("Zone:      bl.test\n", "Codes:     127.0.0.3\n", "Reason:    Other list\n", "Result:    listed\n");
    }

    @Test
    void aListedIpv6AddressIsQueriedByNibbles() {
        CliRun run = checkIp("::1");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains(
            "IP:        0:0:0:0:0:0:0:1\n",
            "Query:     1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.bl.test\n",
            "Codes:     127.0.0.2\n",
            "Reason:    IPv6 listed\n",
            "Result:    listed\n");
    }

    @Test
    void aQueryRefusedAnswerIsAnErrorWithExitCodeTwo() {
        CliRun run = CliRun.of("check-ip", "--dns-server", server, "--zone", "refusing.test", "127.0.0.66");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.out).contains("Result:    error: query-refused-code (answer 127.255.255.254 means the list refuses");
    }

    @Test
    void anAnswerOutsideTheLoopbackNetworkIsAnError() {
        CliRun run = CliRun.of("check-ip", "--dns-server", server, "--zone", "outside.test", "127.0.0.66");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.out).contains("Result:    error: out-of-range-answer (answer 10.1.2.3 is outside 127.0.0.0/8)");
    }

    @Test
    void aSilentServerIsATimeout() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("check-ip", "--dns-server", "127.0.0.1:" + silent.getLocalPort(), "--timeout", "300ms", "127.0.0.66");

            assertThat(run.exitCode).isEqualTo(2);
            assertThat(run.out).contains("Zone:      ips.backscatterer.org=127.0.0.2\n", "DNS:       127.0.0.1:" + silent.getLocalPort() + ", timeout 300 ms\n")
                .contains("Result:    error: timeout");
        }
    }

    @Test
    void safeModeWouldRejectTheNullSenderFromAListedIp() {
        CliRun run = checkIp("127.0.0.66", "--sender", "<>");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("Safe mode: would reject mail from <> (the null sender)");
    }

    @Test
    void anEmptySenderIsTheNullSender() {
        CliRun run = checkIp("127.0.0.66", "--sender", "");

        assertThat(run.out).contains("Safe mode: would reject mail from <> (the null sender)");
    }

    @Test
    void safeModeWouldRejectPostmasterOfAnyDomain() {
        CliRun run = checkIp("127.0.0.66", "--sender", "PostMaster@example.net");

        assertThat(run.out).contains("Safe mode: would reject mail from <PostMaster@example.net>");
    }

    @Test
    void safeModeWouldNotRejectAnOrdinarySender() {
        CliRun run = checkIp("127.0.0.66", "--sender", "alice@example.com");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("Result:    listed\n",
            "Safe mode: would not reject mail from <alice@example.com>: safe mode only acts on <> and postmaster@ senders");
    }

    @Test
    void safeModeWouldNotRejectTheNullSenderFromAnUnlistedIp() {
        CliRun run = checkIp("127.0.0.99", "--sender", "<>");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).contains("Safe mode: would not reject mail from <> (the null sender): the IP is not listed");
    }

    @Test
    void withoutSenderNothingIsSaidAboutSafeMode() {
        assertThat(checkIp("127.0.0.66").out).doesNotContain("Safe mode");
    }

    @Test
    void aHostNameIsRefusedAndNeverLookedUp() {
        CliRun run = checkIp("localhost");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.out).isEmpty();
        assertThat(run.err).contains("Invalid value for parameter 'IP': 'localhost' is not an IP address literal; accepted: an IPv4 address");
    }

    @Test
    void aMalformedAddressIsAUsageError() {
        for (String bad : new String[] {"192.0.2", "192.0.2.256", "192.0.02.1", "1::2::3", "fe80::1%lo", ".:1"}) {
            CliRun run = checkIp(bad);

            assertThat(run.exitCode).as(bad).isEqualTo(2);
            assertThat(run.err).as(bad).contains("'" + bad + "' is not an IP address literal");
        }
    }

    @Test
    void aBadZoneNamesTheOptionTheValueAndTheSyntax() {
        CliRun run = CliRun.of("check-ip", "--zone", "bad zone!", "127.0.0.66");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.out).isEmpty();
        assertThat(run.err).contains("Invalid value for option '--zone': invalid DNSBL zone 'bad zone!': expected a DNS name such as ips.backscatterer.org");
    }

    @Test
    void aBadFilterNamesTheOptionTheValueAndTheSyntax() {
        CliRun run = CliRun.of("check-ip", "--zone", "bl.test=127.0.0.x", "127.0.0.66");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("Invalid value for option '--zone': invalid return-code filter '127.0.0.x'", "accepted: four octets");
    }

    @Test
    void aBadDnsServerOrTimeoutNamesTheOption() {
        CliRun server = CliRun.of("check-ip", "--dns-server", "dns.example.org", "127.0.0.66");
        CliRun timeout = CliRun.of("check-ip", "--timeout", "40s", "127.0.0.66");

        assertThat(server.exitCode).isEqualTo(2);
        assertThat(server.err).contains("Invalid value for option '--dns-server': invalid DNS server 'dns.example.org'", "is not an IP address literal");
        assertThat(timeout.exitCode).isEqualTo(2);
        assertThat(timeout.err).contains("Option '--timeout' has value '40s'; accepted: a duration above 0 and at most 30s");
    }

    @Test
    void helpDescribesTheOptionsAndExitCodes() {
        CliRun run = CliRun.of("check-ip", "--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("--zone=ZONE[=FILTER]", "Default: ips.backscatterer.org=127.0.0.2", "--dns-server=HOST[:PORT]",
            "--sender=ADDRESS", "--timeout=DURATION", "0   the IP is listed", "1   the IP is not listed");
    }
}
