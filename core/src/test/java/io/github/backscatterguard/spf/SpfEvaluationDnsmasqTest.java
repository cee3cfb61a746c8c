package io.github.backscatterguard.spf;

import static io.github.backscatterguard.spf.SpfTestZone.FORGER_IP;
import static io.github.backscatterguard.spf.SpfTestZone.GOOD_IP;
import static io.github.backscatterguard.spf.SpfTestZone.MTA_IP;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.backscatterguard.spf.jspf.JspfEvaluator;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The jSPF evaluator against a real DNS server (dnsmasq on loopback) serving {@link SpfTestZone}. */
class SpfEvaluationDnsmasqTest {
    private static Dnsmasq dnsmasq;
    private static JspfEvaluator evaluator;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        Dnsmasq.assumeInstalled();
        dnsmasq = Dnsmasq.start(SpfTestZone.CONFIG);
        evaluator = JspfEvaluator.servers(List.of(dnsmasq.address()), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopDnsmasq() throws Exception {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    static SpfQuery query(String ip, String sender, String helo) throws Exception {
        return SpfQuery.of(InetAddress.getByName(ip), Optional.ofNullable(sender), Optional.ofNullable(helo));
    }

    @Test
    void aDesignatedIpPasses() throws Exception {
        SpfOutcome outcome = evaluator.evaluate(query(GOOD_IP, "alice@pass.spf.test", "mx.sender.test"));

        assertThat(outcome.result()).isEqualTo(SpfResult.PASS);
        assertThat(outcome.domain()).contains("pass.spf.test");
        assertThat(outcome.records()).containsExactly("v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all");
        assertThat(outcome.explanation()).isEmpty();
    }

    @Test
    void anIpOutsideAMinusAllRecordFailsWithTheDefaultExplanation() throws Exception {
        SpfOutcome outcome = evaluator.evaluate(query(FORGER_IP, "alice@pass.spf.test", "forger.test"));

        assertThat(outcome.result()).isEqualTo(SpfResult.FAIL);
        assertThat(outcome.explanation()).contains("pass.spf.test does not designate " + FORGER_IP + " as permitted sender");
    }

    @Test
    void theDomainsOwnExplanationIsFetchedAndExpanded() throws Exception {
        SpfOutcome outcome = evaluator.evaluate(query(FORGER_IP, "bob@exp.spf.test", "forger.test"));

        assertThat(outcome.result()).isEqualTo(SpfResult.FAIL);
        assertThat(outcome.explanation()).contains(FORGER_IP + " is not a mail server of exp.spf.test");
    }

    @Test
    void aTildeAllRecordSoftFails() throws Exception {
        assertThat(evaluator.evaluate(query(FORGER_IP, "alice@soft.spf.test", "forger.test")).result()).isEqualTo(SpfResult.SOFTFAIL);
        assertThat(evaluator.evaluate(query(GOOD_IP, "alice@soft.spf.test", "forger.test")).result()).isEqualTo(SpfResult.PASS);
    }

    @Test
    void aQuestionMarkAllRecordIsNeutral() throws Exception {
        assertThat(evaluator.evaluate(query(FORGER_IP, "alice@neutral.spf.test", "forger.test")).result()).isEqualTo(SpfResult.NEUTRAL);
    }

    @Test
    void aDomainWithoutSpfRecordIsNone() throws Exception {
        SpfOutcome onlyOtherTxt = evaluator.evaluate(query(FORGER_IP, "alice@nospf.spf.test", "forger.test"));
        SpfOutcome noSuchDomain = evaluator.evaluate(query(FORGER_IP, "alice@missing.spf.test", "forger.test"));

        assertThat(onlyOtherTxt.result()).isEqualTo(SpfResult.NONE);
        assertThat(onlyOtherTxt.records()).isEmpty();
        assertThat(noSuchDomain.result()).isEqualTo(SpfResult.NONE);
    }

    @Test
    void twoSpfRecordsAreAPermerrorAndBothAreReported() throws Exception {
        SpfOutcome outcome = evaluator.evaluate(query(GOOD_IP, "alice@two.spf.test", "forger.test"));

        assertThat(outcome.result()).isEqualTo(SpfResult.PERMERROR);
        assertThat(outcome.records()).containsExactlyInAnyOrder("v=spf1 -all", "v=spf1 ip4:192.0.2.0/24 -all");
        assertThat(outcome.detail()).contains("More than 1 SPF record found");
    }

    @Test
    void anUnknownMechanismIsAPermerror() throws Exception {
        SpfOutcome outcome = evaluator.evaluate(query(GOOD_IP, "alice@syntax.spf.test", "forger.test"));

        assertThat(outcome.result()).isEqualTo(SpfResult.PERMERROR);
        assertThat(outcome.detail()).contains("Term [bogus:thing] is not syntactically valid");
    }

    @Test
    void aServerErrorDuringTheCheckIsATemperror() throws Exception {
        SpfOutcome outcome = evaluator.evaluate(query(FORGER_IP, "alice@refused.spf.test", "forger.test"));

        assertThat(outcome.result()).isEqualTo(SpfResult.TEMPERROR);
        assertThat(outcome.detail()).contains("the DNS server answered REFUSED for outside.example. TXT");
    }

    @Test
    void aSilentServerIsATemperrorWithinTheTimeout() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            JspfEvaluator deaf = JspfEvaluator.servers(List.of(new InetSocketAddress(silent.getLocalAddress(), silent.getLocalPort())),
                Duration.ofMillis(300));

            SpfOutcome outcome = deaf.evaluate(query(GOOD_IP, "alice@pass.spf.test", "mx.sender.test"));

            assertThat(outcome.result()).isEqualTo(SpfResult.TEMPERROR);
            assertThat(outcome.detail()).contains("no answer for pass.spf.test. TXT within the 300 ms of the check");
        }
    }

    @Test
    void theNullSenderIsCheckedAsPostmasterOfTheHeloName() throws Exception {
        SpfOutcome fromTheMta = evaluator.evaluate(query(MTA_IP, null, "mta.spf.test"));
        SpfOutcome fromElsewhere = evaluator.evaluate(query(FORGER_IP, null, "mta.spf.test"));

        assertThat(fromTheMta.result()).isEqualTo(SpfResult.PASS);
        assertThat(fromTheMta.domain()).contains("mta.spf.test");
        assertThat(fromElsewhere.result()).isEqualTo(SpfResult.FAIL);
    }

    @Test
    void theNullSenderWithoutHeloNameIsNoneWithoutAnyQuery() throws Exception {
        SpfOutcome outcome = evaluator.evaluate(query(FORGER_IP, null, null));

        assertThat(outcome.result()).isEqualTo(SpfResult.NONE);
        assertThat(outcome.domain()).isEmpty();
        assertThat(outcome.detail()).contains("null sender without a HELO name: no domain to check");
    }

    @Test
    void anAMechanismLooksTheHostUp() throws Exception {
        assertThat(evaluator.evaluate(query(SpfTestZone.MAIL_HOST_IP, "alice@amech.spf.test", "x.test")).result()).isEqualTo(SpfResult.PASS);
        assertThat(evaluator.evaluate(query(GOOD_IP, "alice@amech.spf.test", "x.test")).result()).isEqualTo(SpfResult.FAIL);
    }

    @Test
    void anIpv6ClientIsMatchedByIp6() throws Exception {
        assertThat(evaluator.evaluate(query("2001:db8::25", "alice@pass.spf.test", "x.test")).result()).isEqualTo(SpfResult.PASS);
        assertThat(evaluator.evaluate(query("2001:db9::25", "alice@pass.spf.test", "x.test")).result()).isEqualTo(SpfResult.FAIL);
    }

    @Test
    void aRecordSplitIntoSeveralStringsIsJoined() throws Exception {
        SpfOutcome outcome = evaluator.evaluate(query(FORGER_IP, "alice@split.spf.test", "x.test"));

        assertThat(outcome.result()).isEqualTo(SpfResult.FAIL);
        assertThat(outcome.records()).containsExactly("v=spf1 ip4:192.0.2.0/24 -all");
    }

    @Test
    void theOutcomeCarriesTheSmallestTtlOfTheAnswers() throws Exception {
        assertThat(evaluator.evaluate(query(GOOD_IP, "alice@pass.spf.test", "x.test")).ttlSeconds()).isEqualTo(SpfTestZone.TTL_SECONDS);
    }

    @Test
    void theDiscontinuedSpfRecordTypeIsNeverQueried() throws Exception {
        evaluator.evaluate(query(GOOD_IP, "alice@soft.spf.test", "x.test"));

        assertThat(dnsmasq.queries("TXT", "soft.spf.test")).isPositive();
        assertThat(dnsmasq.queries("SPF", "soft.spf.test")).isZero();
        assertThat(dnsmasq.queries("type=99", "soft.spf.test")).isZero();
    }

    @Test
    void oneEvaluatorServesConcurrentChecks() throws Exception {
        String[][] cases = {
            {GOOD_IP, "a@pass.spf.test", "pass"}, {FORGER_IP, "a@pass.spf.test", "fail"}, {FORGER_IP, "a@soft.spf.test", "softfail"},
            {FORGER_IP, "a@neutral.spf.test", "neutral"}, {FORGER_IP, "a@two.spf.test", "permerror"},
            {SpfTestZone.MAIL_HOST_IP, "a@amech.spf.test", "pass"}, {FORGER_IP, "a@nospf.spf.test", "none"}};
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String[] c = cases[i % cases.length];
                answers.add(threads.submit(() -> c[1] + " " + evaluator.evaluate(query(c[0], c[1], "x.test")).result().code()));
            }
            for (int i = 0; i < answers.size(); i++) {
                String[] c = cases[i % cases.length];
                assertThat(answers.get(i).get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(c[1] + " " + c[2]);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theDomainIsCaseInsensitive() throws Exception {
        SpfOutcome outcome = evaluator.evaluate(query(GOOD_IP, "Alice@PASS.Spf.Test", "x.test"));

        assertThat(outcome.result()).isEqualTo(SpfResult.PASS);
        assertThat(outcome.domain()).contains("pass.spf.test");
    }
}
