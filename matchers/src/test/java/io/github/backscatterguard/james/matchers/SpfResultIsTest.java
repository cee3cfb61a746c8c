package io.github.backscatterguard.james.matchers;

import static io.github.backscatterguard.spf.SpfTestZone.FORGER_IP;
import static io.github.backscatterguard.spf.SpfTestZone.GOOD_IP;
import static io.github.backscatterguard.spf.SpfTestZone.MTA_IP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backscatterguard.james.spf.SharedSpfCache;
import io.github.backscatterguard.james.spf.SpfAttributes;
import io.github.backscatterguard.james.spf.StoredSpfResult;
import io.github.backscatterguard.spf.Dnsmasq;
import io.github.backscatterguard.spf.SpfTestZone;
import java.lang.reflect.Proxy;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Optional;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.Matcher;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SpfResultIs against a real DNS server (dnsmasq on loopback) serving {@link SpfTestZone}. */
class SpfResultIsTest {
    private static final String RECIPIENT = "bob@local.test";
    private static Dnsmasq dnsmasq;

    private final SharedSpfCache cache = new SharedSpfCache();

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

    private Matcher matcher(String condition) throws MessagingException {
        Matcher matcher = new SpfResultIs(cache);
        matcher.init(FakeMatcherConfig.builder().matcherName("SpfResultIs").condition(condition).build());
        return matcher;
    }

    private Matcher bouncePath() throws MessagingException {
        return matcher("fail,softfail,permerror; dnsServers=" + dnsmasq.server() + "; timeout=5s");
    }

    private static FakeMail mail(String sender, String remoteAddr, String helo) throws Exception {
        FakeMail.Builder builder = FakeMail.builder().name("mail1").recipient(RECIPIENT).remoteAddr(remoteAddr)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Hello").setText("text"));
        builder.sender(sender.isEmpty() ? MaybeSender.nullSender() : MaybeSender.getMailSender(sender));
        builder.attribute(new Attribute(AttributeName.of("org.apache.james.SMTPSessionID"), AttributeValue.of("SMTP-1")));
        if (helo != null) {
            builder.attribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of(helo)));
        }
        return builder.build();
    }

    private static Optional<Object> attribute(Mail mail, AttributeName name) {
        return mail.getAttribute(name).map(attribute -> attribute.getValue().value());
    }

    @Test
    void aFailingSenderMatchesAllRecipientsAndTheResultIsRecorded() throws Exception {
        FakeMail mail = mail("alice@pass.spf.test", FORGER_IP, "forger.test");

        assertThat(bouncePath().match(mail)).containsExactly(new MailAddress(RECIPIENT));
        assertThat(attribute(mail, SpfAttributes.RESULT)).contains("fail");
        assertThat(attribute(mail, SpfAttributes.DOMAIN)).contains("pass.spf.test");
    }

    @Test
    void aPassingSenderDoesNotMatchButItsResultIsRecorded() throws Exception {
        FakeMail mail = mail("alice@pass.spf.test", GOOD_IP, "mx.sender.test");

        assertThat(bouncePath().match(mail)).isEmpty();
        assertThat(attribute(mail, SpfAttributes.RESULT)).contains("pass");
    }

    @Test
    void softfailAndPermerrorMatchNeutralAndNoneDoNot() throws Exception {
        Matcher matcher = bouncePath();

        assertThat(matcher.match(mail("alice@soft.spf.test", FORGER_IP, "x.test"))).hasSize(1);
        assertThat(matcher.match(mail("alice@two.spf.test", FORGER_IP, "x.test"))).hasSize(1);
        assertThat(matcher.match(mail("alice@syntax.spf.test", FORGER_IP, "x.test"))).hasSize(1);
        FakeMail neutral = mail("alice@neutral.spf.test", FORGER_IP, "x.test");
        FakeMail none = mail("alice@nospf.spf.test", FORGER_IP, "x.test");
        assertThat(matcher.match(neutral)).isEmpty();
        assertThat(matcher.match(none)).isEmpty();
        assertThat(attribute(neutral, SpfAttributes.RESULT)).contains("neutral");
        assertThat(attribute(none, SpfAttributes.RESULT)).contains("none");
    }

    @Test
    void noneMatchesWhenListed() throws Exception {
        assertThat(matcher("none; dnsServers=" + dnsmasq.server()).match(mail("alice@nospf.spf.test", FORGER_IP, "x.test"))).hasSize(1);
    }

    @Test
    void aDnsErrorIsATemperrorThatMatchesOnlyWhenListed() throws Exception {
        FakeMail mail = mail("alice@refused.spf.test", FORGER_IP, "x.test");

        assertThat(bouncePath().match(mail)).isEmpty();
        assertThat(attribute(mail, SpfAttributes.RESULT)).contains("temperror");
        assertThat(matcher("temperror; dnsServers=" + dnsmasq.server()).match(mail("alice@refused.spf.test", FORGER_IP, "x.test"))).hasSize(1);
    }

    @Test
    void aSilentServerIsATemperrorAndNeverAnException() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            Matcher matcher = matcher("fail,temperror; dnsServers=127.0.0.1:" + silent.getLocalPort() + "; timeout=300ms");
            FakeMail mail = mail("alice@pass.spf.test", FORGER_IP, "x.test");

            assertThat(matcher.match(mail)).hasSize(1);
            assertThat(attribute(mail, SpfAttributes.RESULT)).contains("temperror");
        }
    }

    @Test
    void theNullSenderIsCheckedAsPostmasterOfTheHeloName() throws Exception {
        FakeMail forged = mail("", FORGER_IP, "mta.spf.test");
        FakeMail genuine = mail("", MTA_IP, "mta.spf.test");

        assertThat(bouncePath().match(forged)).hasSize(1);
        assertThat(attribute(forged, SpfAttributes.RESULT)).contains("fail");
        assertThat(attribute(forged, SpfAttributes.DOMAIN)).contains("mta.spf.test");
        assertThat(bouncePath().match(genuine)).isEmpty();
        assertThat(attribute(genuine, SpfAttributes.RESULT)).contains("pass");
    }

    @Test
    void theNullSenderWithoutHeloIsNoneWithoutDomain() throws Exception {
        FakeMail mail = mail("", FORGER_IP, null);

        assertThat(bouncePath().match(mail)).isEmpty();
        assertThat(attribute(mail, SpfAttributes.RESULT)).contains("none");
        assertThat(attribute(mail, SpfAttributes.DOMAIN)).isEmpty();
    }

    @Test
    void aSecondMailFromTheSameIpAndDomainIsAnsweredByTheSharedCache() throws Exception {
        Matcher first = bouncePath();
        Matcher second = matcher("fail; dnsServers=" + dnsmasq.server());

        assertThat(first.match(mail("alice@cache.spf.test", FORGER_IP, "x.test"))).hasSize(1);
        assertThat(dnsmasq.queries("TXT", "cache.spf.test")).isEqualTo(1);
        assertThat(second.match(mail("carol@cache.spf.test", FORGER_IP, "y.test"))).hasSize(1);
        assertThat(dnsmasq.queries("TXT", "cache.spf.test")).isEqualTo(1);
    }

    @Test
    void theResultOfJamesSpfMailetIsUsedWithoutAnyQuery() throws Exception {
        FakeMail mail = mail("alice@nocache.spf.test", GOOD_IP, "x.test");
        mail.setAttribute(new Attribute(StoredSpfResult.JAMES_SPF_MAILET_RESULT, AttributeValue.of("softfail")));

        assertThat(bouncePath().match(mail)).hasSize(1);
        assertThat(attribute(mail, SpfAttributes.RESULT)).contains("softfail");
        assertThat(attribute(mail, SpfAttributes.DOMAIN)).contains("nocache.spf.test");
        assertThat(dnsmasq.queries("TXT", "nocache.spf.test")).isZero();
    }

    @Test
    void theResultInJamesSpfHandlerHeaderIsUsed() throws Exception {
        FakeMail mail = mail("alice@nocache.spf.test", GOOD_IP, "x.test");
        mail.setAttribute(new Attribute(StoredSpfResult.JAMES_SPF_HANDLER_HEADER, AttributeValue.of(
            "fail (spfCheck: domain of nocache.spf.test does not designate 192.0.2.10 as permitted sender) client-ip=192.0.2.10; "
                + "envelope-from=alice@nocache.spf.test; helo=x.test;")));

        assertThat(bouncePath().match(mail)).hasSize(1);
        assertThat(attribute(mail, SpfAttributes.RESULT)).contains("fail");
        assertThat(dnsmasq.queries("TXT", "nocache.spf.test")).isZero();
    }

    @Test
    void anEarlierSpfResultIsIsReusedAndAnUnreadableStoredValueIsIgnored() throws Exception {
        FakeMail recorded = mail("alice@nocache.spf.test", GOOD_IP, "x.test");
        recorded.setAttribute(new Attribute(SpfAttributes.RESULT, AttributeValue.of("permerror")));
        FakeMail garbled = mail("alice@pass.spf.test", GOOD_IP, "x.test");
        garbled.setAttribute(new Attribute(StoredSpfResult.JAMES_SPF_MAILET_RESULT, AttributeValue.of("maybe")));

        assertThat(bouncePath().match(recorded)).hasSize(1);
        assertThat(dnsmasq.queries("TXT", "nocache.spf.test")).isZero();
        assertThat(bouncePath().match(garbled)).isEmpty();
        assertThat(attribute(garbled, SpfAttributes.RESULT)).contains("pass");
    }

    @Test
    void mailOfAnAuthenticatedUserOrARelayingNetworkIsNotChecked() throws Exception {
        FakeMail authenticated = mail("alice@pass.spf.test", FORGER_IP, "laptop");
        authenticated.setAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("alice@pass.spf.test")));
        FakeMail relaying = mail("alice@pass.spf.test", FORGER_IP, "laptop");
        relaying.setAttribute(new Attribute(AttributeName.of("org.apache.james.SMTPIsAuthNetwork"), AttributeValue.of(true)));

        assertThat(bouncePath().match(authenticated)).isEmpty();
        assertThat(bouncePath().match(relaying)).isEmpty();
        assertThat(attribute(authenticated, SpfAttributes.RESULT)).isEmpty();
        assertThat(attribute(relaying, SpfAttributes.RESULT)).isEmpty();
    }

    @Test
    void aMailWithoutClientIpLiteralIsNotChecked() throws Exception {
        FakeMail mail = mail("alice@pass.spf.test", "mx.example.test", "x.test");

        assertThat(bouncePath().match(mail)).isEmpty();
        assertThat(attribute(mail, SpfAttributes.RESULT)).isEmpty();
    }

    @Test
    void mailJamesMadeItselfIsNotChecked() throws Exception {
        // No SMTP session (James writes 127.0.0.1 as client IP on such mail): the same mail that fails with one is not checked.
        FakeMail mail = mail("alice@pass.spf.test", FORGER_IP, "forger.test");
        mail.removeAttribute(AttributeName.of("org.apache.james.SMTPSessionID"));

        assertThat(bouncePath().match(mail)).isEmpty();
        assertThat(attribute(mail, SpfAttributes.RESULT)).isEmpty();
    }

    @Test
    void aBrokenMailMatchesNothingInsteadOfThrowing() throws Exception {
        Mail broken = (Mail) Proxy.newProxyInstance(Mail.class.getClassLoader(), new Class<?>[] {Mail.class}, (proxy, method, args) -> {
            if (method.getName().equals("getName")) {
                return "broken";
            }
            throw new IllegalStateException("storage gone");
        });

        assertThat(bouncePath().match(broken)).isEmpty();
    }

    @Test
    void resultsAreCaseInsensitiveAndSpacesAreAllowed() throws Exception {
        assertThat(matcher(" Fail , SOFTFAIL ;dnsServers = " + dnsmasq.server()).match(mail("alice@soft.spf.test", FORGER_IP, "x.test"))).hasSize(1);
    }

    @Test
    void badConditionsFailInitNamingTheMatcherTheValueAndWhatIsAccepted() {
        assertThatThrownBy(() -> matcher("")).isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("SpfResultIs: invalid condition '': the SPF results to match are required");
        assertThatThrownBy(() -> matcher("fail,forged")).isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("SpfResultIs: invalid condition 'fail,forged': 'forged' is not an SPF result; "
                + "accepted: none, neutral, pass, fail, softfail, temperror, permerror");
        assertThatThrownBy(() -> matcher("results=fail")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("the condition must start with the SPF results to match, not 'results=fail'");
        assertThatThrownBy(() -> matcher("fail; zone=bl.example.org")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("unknown parameter 'zone'; accepted keys: [dnsservers, maxcacheage, timeout]");
        assertThatThrownBy(() -> matcher("fail; timeout=2m")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("parameter 'timeout' has value '2m'; accepted: a duration above 0 and at most 60s");
        assertThatThrownBy(() -> matcher("fail; dnsServers=resolver.example")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("parameter 'dnsServers' has a bad value: invalid DNS server 'resolver.example'")
            .hasMessageContaining("syntax: RESULT[,RESULT...][; dnsServers=HOST[:PORT],...][; timeout=DURATION][; maxCacheAge=DURATION]");
    }

    @Test
    void theMatcherDescribesItself() throws Exception {
        assertThat(bouncePath().getMatcherInfo()).isEqualTo("SpfResultIs: the mail's SPF result is one of those listed");
    }
}
