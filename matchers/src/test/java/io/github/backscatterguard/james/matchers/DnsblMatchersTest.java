package io.github.backscatterguard.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backscatterguard.dnsbl.Rbldnsd;
import io.github.backscatterguard.james.dnsbl.JamesDnsblMetrics;
import io.github.backscatterguard.james.dnsbl.ListingAttributes;
import io.github.backscatterguard.james.dnsbl.SharedDnsblCache;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Matcher;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** InBackscattererSafeMode and RemoteAddrInDnsbl against a real rbldnsd on loopback. */
class DnsblMatchersTest {
    private static final String ZONE = "ips.backscatterer.test";
    private static Rbldnsd rbldnsd;

    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private final SharedDnsblCache cache = new SharedDnsblCache(metrics);

    @BeforeAll
    static void startRbldnsd() throws Exception {
        Rbldnsd.assumeInstalled();
        Map<String, String> zones = new LinkedHashMap<>();
        zones.put(ZONE + ":ip4set:v4", ":127.0.0.2:Backscatter from $\n127.0.0.66\n:127.0.0.3:other code\n127.0.0.67\n");
        zones.put(ZONE + ":ip6trie:v6", ":127.0.0.2:IPv6 backscatter\n::1\n");
        rbldnsd = Rbldnsd.start(zones);
    }

    @AfterAll
    static void stopRbldnsd() throws Exception {
        if (rbldnsd != null) {
            rbldnsd.close();
        }
    }

    private String servers() {
        return "dnsServers=127.0.0.1:" + rbldnsd.address().getPort();
    }

    private Matcher safeMode(String extra) throws MessagingException {
        Matcher matcher = new InBackscattererSafeMode(cache);
        matcher.init(FakeMatcherConfig.builder().matcherName("InBackscattererSafeMode")
            .condition("zone=" + ZONE + "=127.0.0.2; " + servers() + extra).build());
        return matcher;
    }

    private static FakeMail mail(String sender, String remoteAddr, String... received) throws Exception {
        MimeMessageBuilder message = MimeMessageBuilder.mimeMessageBuilder().setSubject("Undelivered Mail Returned to Sender").setText("bounce");
        for (String header : received) {
            message.addHeader("Received", header);
        }
        FakeMail.Builder builder = FakeMail.builder().name("mail1").recipient("alice@local.test").remoteAddr(remoteAddr).mimeMessage(message);
        if (sender.isEmpty()) {
            builder.sender(org.apache.james.core.MaybeSender.nullSender());
        } else {
            builder.sender(sender);
        }
        return builder.build();
    }

    @Test
    void nullSenderFromListedIpMatchesAndRecordsTheListing() throws Exception {
        FakeMail mail = mail("", "127.0.0.66");

        assertThat(safeMode("").match(mail)).containsExactly(new MailAddress("alice@local.test"));
        assertThat(mail.getAttribute(ListingAttributes.ZONE).map(a -> (Object) a.getValue().value())).contains(ZONE);
        assertThat(mail.getAttribute(ListingAttributes.CODES).map(a -> (Object) a.getValue().value())).contains("127.0.0.2");
        assertThat(mail.getAttribute(ListingAttributes.REASON).map(a -> (Object) a.getValue().value())).contains("Backscatter from 127.0.0.66");
        assertThat(metrics.countFor(JamesDnsblMetrics.name("listed", ZONE))).isEqualTo(1);
    }

    @Test
    void postmasterSenderFromListedIpMatches() throws Exception {
        assertThat(safeMode("").match(mail("PostMaster@bounce.test", "127.0.0.66"))).hasSize(1);
    }

    @Test
    void ordinarySenderFromListedIpIsNotEvenLookedUp() throws Exception {
        assertThat(safeMode("").match(mail("newsletter@big-provider.test", "127.0.0.66"))).isEmpty();
        assertThat(metrics.countFor(JamesDnsblMetrics.name("lookups", ZONE))).isZero();
    }

    @Test
    void extraLocalPartsWidenSafeMode() throws Exception {
        assertThat(safeMode("").match(mail("mailer-daemon@bounce.test", "127.0.0.66"))).isEmpty();
        assertThat(safeMode("; extraLocalParts=mailer-daemon").match(mail("mailer-daemon@bounce.test", "127.0.0.66"))).hasSize(1);
    }

    @Test
    void unlistedIpDoesNotMatch() throws Exception {
        assertThat(safeMode("").match(mail("", "127.0.0.1"))).isEmpty();
    }

    @Test
    void codeOutsideTheFilterDoesNotMatch() throws Exception {
        assertThat(safeMode("").match(mail("", "127.0.0.67"))).isEmpty();
    }

    @Test
    void ipv6ClientIsChecked() throws Exception {
        assertThat(safeMode("").match(mail("", "0:0:0:0:0:0:0:1"))).hasSize(1);
    }

    @Test
    void behindTrustedRelayTheFirstUntrustedHopIsChecked() throws Exception {
        FakeMail relayed = mail("", "127.0.0.10",
            "from filter.test (filter.test [127.0.0.10]) by mx.local.test (JAMES)",
            "from bouncer.test (bouncer.test [127.0.0.66]) by filter.test (Postfix)");

        assertThat(safeMode("").match(relayed)).isEmpty();
        assertThat(safeMode("; trustedNetworks=127.0.0.8/29").match(relayed)).hasSize(1);
    }

    @Test
    void secondMailFromTheSameIpIsACacheHit() throws Exception {
        Matcher matcher = safeMode("");
        matcher.match(mail("", "127.0.0.66"));
        matcher.match(mail("", "127.0.0.66"));

        assertThat(metrics.countFor(JamesDnsblMetrics.name("lookups", ZONE))).isEqualTo(1);
        assertThat(metrics.countFor(JamesDnsblMetrics.name("cacheHits", ZONE))).isEqualTo(1);
    }

    @Test
    void deadResolverFailsOpen() throws Exception {
        Matcher matcher = new InBackscattererSafeMode(cache);
        matcher.init(FakeMatcherConfig.builder().matcherName("InBackscattererSafeMode")
            .condition("zone=" + ZONE + "; dnsServers=127.0.0.1:9; timeout=300ms").build());

        assertThat(matcher.match(mail("", "127.0.0.66"))).isEmpty();
        assertThat(metrics.countFor(JamesDnsblMetrics.name("errors", ZONE))).isEqualTo(1);
    }

    @Test
    void remoteAddrInDnsblChecksAnySenderByDefault() throws Exception {
        Matcher matcher = new RemoteAddrInDnsbl(cache);
        matcher.init(FakeMatcherConfig.builder().matcherName("RemoteAddrInDnsbl").condition("zone=" + ZONE + "; " + servers()).build());

        assertThat(matcher.match(mail("alice@sender.test", "127.0.0.67"))).hasSize(1);
        assertThat(matcher.match(mail("alice@sender.test", "127.0.0.1"))).isEmpty();
    }

    @Test
    void remoteAddrInDnsblInSafeMode() throws Exception {
        Matcher matcher = new RemoteAddrInDnsbl(cache);
        matcher.init(FakeMatcherConfig.builder().matcherName("RemoteAddrInDnsbl")
            .condition("zone=" + ZONE + "=127.0.0.2; senders=safe-mode; " + servers()).build());

        assertThat(matcher.match(mail("alice@sender.test", "127.0.0.66"))).isEmpty();
        assertThat(matcher.match(mail("", "127.0.0.66"))).hasSize(1);
    }

    @Test
    void badConditionsFailInitNamingMatcherParameterAndValue() {
        assertThatThrownBy(() -> new RemoteAddrInDnsbl(cache).init(FakeMatcherConfig.builder().matcherName("RemoteAddrInDnsbl").build()))
            .isInstanceOf(MessagingException.class).hasMessageContaining("RemoteAddrInDnsbl").hasMessageContaining("'zone' is required");
        assertThatThrownBy(() -> safeMode("; timeout=forever"))
            .hasMessageContaining("InBackscattererSafeMode").hasMessageContaining("'timeout'").hasMessageContaining("forever");
        assertThatThrownBy(() -> safeMode("; senders=all"))
            .hasMessageContaining("'senders'").hasMessageContaining("accepted: any, safe-mode");
        assertThatThrownBy(() -> safeMode("; trustedNetworks=10.0.0.0/40"))
            .hasMessageContaining("'trustedNetworks'").hasMessageContaining("10.0.0.0/40");
        assertThatThrownBy(() -> safeMode("; zones=x"))
            .hasMessageContaining("unknown parameter 'zones'");
    }

    @Test
    void postmasterAndAbuseOfLocalDomainsAreSpared() throws Exception {
        // FakeMailContext treats "localhost" as the one local domain.
        FakeMail mail = FakeMail.builder().name("mail2").sender(org.apache.james.core.MaybeSender.nullSender()).remoteAddr("127.0.0.66")
            .recipients("postmaster@localhost", "Abuse@localhost", "alice@localhost", "postmaster@remote.test")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("bounce")).build();
        Matcher matcher = new InBackscattererSafeMode(cache);
        matcher.init(FakeMatcherConfig.builder().matcherName("InBackscattererSafeMode")
            .mailetContext(org.apache.mailet.base.test.FakeMailContext.builder().build())
            .condition("zone=" + ZONE + "; " + servers()).build());

        assertThat(matcher.match(mail)).containsExactlyInAnyOrder(new MailAddress("alice@localhost"), new MailAddress("postmaster@remote.test"));
    }

    @Test
    void aDirectClientsMessageIsNotRead() throws Exception {
        // Only a trusted relay's mail needs its Received chain; reading a header makes James parse the header section.
        FakeMail mail = mail("", "127.0.0.66");
        mail.setMessage(null);

        assertThat(safeMode("; trustedNetworks=127.0.0.8/29").match(mail)).hasSize(1);
    }

    @Test
    void unreadableMessageMatchesNothing() throws Exception {
        FakeMail mail = mail("", "127.0.0.66");
        mail.setMessage(null);

        assertThat(safeMode("; trustedNetworks=127.0.0.0/8").match(mail)).isEmpty();
    }
}
