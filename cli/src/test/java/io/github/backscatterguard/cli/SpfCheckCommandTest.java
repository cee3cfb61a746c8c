package io.github.backscatterguard.cli;

import static io.github.backscatterguard.spf.SpfTestZone.FORGER_IP;
import static io.github.backscatterguard.spf.SpfTestZone.GOOD_IP;
import static io.github.backscatterguard.spf.SpfTestZone.MTA_IP;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.backscatterguard.spf.Dnsmasq;
import io.github.backscatterguard.spf.SpfTestZone;

/** {@code spf check} in this JVM against a real DNS server (dnsmasq on loopback) serving {@link SpfTestZone}. */
class SpfCheckCommandTest {
    private static Dnsmasq dnsmasq;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        Dnsmasq.assumeInstalled();
        dnsmasq = Dnsmasq.start(SpfTestZone.CONFIG);
    }

    @AfterAll
    static void stopDnsmasq() throws Exception {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    private static CliRun spfCheck(String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = "spf";
        args[1] = "check";
        args[2] = "--dns-server";
        args[3] = dnsmasq.server();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return CliRun.of(args);
    }

    @Test
    void aPassPrintsTheDomainAndRecordWithExitCodeZero() {
        CliRun run = spfCheck("--ip", GOOD_IP, "--sender", "alice@pass.spf.test", "--helo", "mx.sender.test");

        assertThat(run.exitCode).isZero();
        assertThat(run.outLines()).containsExactly(
            "IP:          192.0.2.10",
            "Sender:      <alice@pass.spf.test>",
            "HELO:        mx.sender.test",
            "Identity:    alice@pass.spf.test",
            "Domain:      pass.spf.test",
            "DNS:         " + dnsmasq.server() + ", timeout 20000 ms",
            "Record:      v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all",
            "Explanation: (none)",
            "Result:      pass");
        assertThat(run.err).isEmpty();
    }

    @Test
    void aFailPrintsTheExplanationWithExitCodeOne() {
        CliRun run = spfCheck("--ip", FORGER_IP, "--sender", "bob@exp.spf.test");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).contains(
            "HELO:        (none)\n",
            "Record:      v=spf1 ip4:192.0.2.0/24 -all exp=why.exp.spf.test\n",
            "Explanation: 198.51.100.7 is not a mail server of exp.spf.test\n",
            "Result:      fail\n");
    }

    @Test
    void softfailNeutralAndNoneExitWithOne() {
        CliRun softfail = spfCheck("--ip", FORGER_IP, "--sender", "alice@soft.spf.test");
        CliRun neutral = spfCheck("--ip", FORGER_IP, "--sender", "alice@neutral.spf.test");
        CliRun none = spfCheck("--ip", FORGER_IP, "--sender", "alice@nospf.spf.test");

        assertThat(softfail.exitCode).isEqualTo(1);
        assertThat(softfail.out).contains("Result:      softfail\n");
        assertThat(neutral.exitCode).isEqualTo(1);
        assertThat(neutral.out).contains("Result:      neutral\n");
        assertThat(none.exitCode).isEqualTo(1);
        assertThat(none.out).contains("Record:      (none)\n", "Detail:      No SPF record found for host: nospf.spf.test\n", "Result:      none\n");
    }

    @Test
    void twoRecordsArePrintedAndArePermerror() {
        CliRun run = spfCheck("--ip", GOOD_IP, "--sender", "alice@two.spf.test");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).contains("Record:      v=spf1 -all\n", "Record:      v=spf1 ip4:192.0.2.0/24 -all\n",
            "Detail:      More than 1 SPF record found\n", "Result:      permerror\n");
    }

    @Test
    void aRefusingServerIsATemperror() {
        CliRun run = spfCheck("--ip", FORGER_IP, "--sender", "alice@refused.spf.test");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).contains("Detail:      the DNS server answered REFUSED for outside.example. TXT\n", "Result:      temperror\n");
    }

    @Test
    void aSilentServerIsATemperrorWithinTheTimeout() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            CliRun run = CliRun.of("spf", "check", "--dns-server", "127.0.0.1:" + silent.getLocalPort(), "--timeout", "300ms",
                "--ip", GOOD_IP, "--sender", "alice@pass.spf.test");

            assertThat(run.exitCode).isEqualTo(1);
            assertThat(run.out).contains("DNS:         127.0.0.1:" + silent.getLocalPort() + ", timeout 300 ms\n",
                "Detail:      no answer for pass.spf.test. TXT within the 300 ms of the check\n", "Result:      temperror\n");
        }
    }

    @Test
    void theNullSenderIsCheckedAsPostmasterOfTheHeloName() {
        CliRun pass = spfCheck("--ip", MTA_IP, "--sender", "<>", "--helo", "mta.spf.test");
        CliRun fail = spfCheck("--ip", FORGER_IP, "--sender", "", "--helo", "mta.spf.test");

        assertThat(pass.exitCode).isZero();
        assertThat(pass.out).contains("Sender:      <> (the null sender)\n", "Identity:    postmaster@mta.spf.test\n",
            "Domain:      mta.spf.test\n", "Result:      pass\n");
        assertThat(fail.exitCode).isEqualTo(1);
        assertThat(fail.out).contains("Result:      fail\n");
    }

    @Test
    void theNullSenderWithoutHeloHasNothingToCheck() {
        CliRun run = spfCheck("--ip", FORGER_IP, "--sender", "<>");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).contains("Domain:      (none)\n", "Detail:      null sender without a HELO name: no domain to check\n",
            "Result:      none\n");
    }

    @Test
    void anIpv6ClientIsChecked() {
        CliRun run = spfCheck("--ip", "2001:db8::25", "--sender", "alice@pass.spf.test");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("IP:          2001:db8:0:0:0:0:0:25\n", "Result:      pass\n");
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOption() {
        CliRun host = spfCheck("--ip", "mail.example.org", "--sender", "alice@pass.spf.test");
        CliRun sender = spfCheck("--ip", GOOD_IP, "--sender", "alice");
        CliRun server = CliRun.of("spf", "check", "--dns-server", "dns.example.org", "--ip", GOOD_IP, "--sender", "a@pass.spf.test");
        CliRun timeout = CliRun.of("spf", "check", "--timeout", "2m", "--ip", GOOD_IP, "--sender", "a@pass.spf.test");
        CliRun missing = spfCheck("--ip", GOOD_IP);

        assertThat(host.exitCode).isEqualTo(2);
        assertThat(host.out).isEmpty();
        assertThat(host.err).contains("Invalid value for option '--ip': 'mail.example.org' is not an IP address literal");
        assertThat(sender.exitCode).isEqualTo(2);
        assertThat(sender.err).contains("Invalid value for option '--sender': 'alice' is not an envelope sender; accepted: local@domain, or <> for the null sender");
        assertThat(server.exitCode).isEqualTo(2);
        assertThat(server.err).contains("Invalid value for option '--dns-server': invalid DNS server 'dns.example.org'");
        assertThat(timeout.exitCode).isEqualTo(2);
        assertThat(timeout.err).contains("Option '--timeout' has value '2m'; accepted: a duration above 0 and at most 60s");
        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.err).contains("Missing required option: '--sender=ADDRESS'");
    }

    @Test
    void spfWithoutSubcommandIsAUsageError() {
        CliRun run = CliRun.of("spf");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("Missing required subcommand", "check");
    }

    @Test
    void helpDescribesTheOptionsAndExitCodes() {
        CliRun run = CliRun.of("spf", "check", "--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("--ip=IP", "--sender=ADDRESS", "--helo=NAME", "--dns-server=HOST[:PORT]", "--timeout=DURATION",
            "0   the result is pass", "1   any other result");
    }
}
