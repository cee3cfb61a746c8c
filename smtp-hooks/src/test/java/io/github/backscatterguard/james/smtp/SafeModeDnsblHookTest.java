package io.github.backscatterguard.james.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.backscatterguard.dnsbl.Rbldnsd;
import io.github.backscatterguard.james.dnsbl.JamesDnsblMetrics;
import io.github.backscatterguard.james.dnsbl.SharedDnsblCache;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hook's decisions against a real rbldnsd; the SMTP session is a mock (the real server is in integration-tests). */
class SafeModeDnsblHookTest {
    private static final String ZONE = "ips.backscatterer.test";
    private static Rbldnsd rbldnsd;

    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private final DomainList domainList = mock(DomainList.class);
    private SafeModeDnsblHook hook;

    @BeforeAll
    static void startRbldnsd() throws Exception {
        Rbldnsd.assumeInstalled();
        Map<String, String> zones = new LinkedHashMap<>();
        zones.put(ZONE + ":ip4set:v4", ":127.0.0.2:Sent backscatter, see https://bl.test/?$\n127.0.0.66\n");
        rbldnsd = Rbldnsd.start(zones);
    }

    @AfterAll
    static void stopRbldnsd() throws Exception {
        if (rbldnsd != null) {
            rbldnsd.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        when(domainList.containsDomain(any())).thenAnswer(invocation -> invocation.getArgument(0, Domain.class).equals(Domain.of("local.test")));
        hook = hook(config(Map.of()));
    }

    private BaseHierarchicalConfiguration config(Map<String, String> extra) {
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("zone", ZONE + "=127.0.0.2");
        config.addProperty("dnsServers", "127.0.0.1:" + rbldnsd.address().getPort());
        extra.forEach(config::setProperty);
        return config;
    }

    private SafeModeDnsblHook hook(BaseHierarchicalConfiguration config) throws ConfigurationException {
        SafeModeDnsblHook hook = new SafeModeDnsblHook(new SharedDnsblCache(metrics), domainList);
        hook.init(config);
        return hook;
    }

    private static SMTPSession session(String ip) throws Exception {
        SMTPSession session = mock(SMTPSession.class);
        when(session.getRemoteAddress()).thenReturn(new InetSocketAddress(InetAddress.getByName(ip), 40000));
        return session;
    }

    private HookResult rcpt(SafeModeDnsblHook hook, String ip, MaybeSender sender, String rcpt) throws Exception {
        return hook.doRcpt(session(ip), sender, new MailAddress(rcpt));
    }

    @Test
    void refusesNullSenderFromListedIpWith554AndTheListName() throws Exception {
        HookResult result = rcpt(hook, "127.0.0.66", MaybeSender.nullSender(), "alice@local.test");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("554");
        assertThat(result.getSmtpDescription()).startsWith("5.7.1 ").contains("127.0.0.66").contains(ZONE)
            .contains("Sent backscatter, see https://bl.test/?127.0.0.66");
    }

    @Test
    void refusesPostmasterSenderFromListedIp() throws Exception {
        assertThat(rcpt(hook, "127.0.0.66", MaybeSender.getMailSender("postmaster@bounce.test"), "alice@local.test").getResult())
            .isEqualTo(HookReturnCode.deny());
    }

    @Test
    void acceptsOrdinarySenderFromListedIpWithoutLookup() throws Exception {
        assertThat(rcpt(hook, "127.0.0.66", MaybeSender.getMailSender("bob@provider.test"), "alice@local.test")).isEqualTo(HookResult.DECLINED);
        assertThat(metrics.countFor(JamesDnsblMetrics.name("lookups", ZONE))).isZero();
    }

    @Test
    void acceptsBounceFromUnlistedIp() throws Exception {
        assertThat(rcpt(hook, "127.0.0.1", MaybeSender.nullSender(), "alice@local.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void sparesPostmasterAndAbuseOfLocalDomainsOnly() throws Exception {
        assertThat(rcpt(hook, "127.0.0.66", MaybeSender.nullSender(), "Postmaster@local.test")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, "127.0.0.66", MaybeSender.nullSender(), "abuse@local.test")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, "127.0.0.66", MaybeSender.nullSender(), "postmaster@elsewhere.test").getResult()).isEqualTo(HookReturnCode.deny());
    }

    @Test
    void neverChecksRelayingOrAuthenticatedClients() throws Exception {
        SMTPSession relaying = session("127.0.0.66");
        when(relaying.isRelayingAllowed()).thenReturn(true);
        SMTPSession authenticated = session("127.0.0.66");
        when(authenticated.getUsername()).thenReturn(Username.of("alice@local.test"));

        assertThat(hook.doRcpt(relaying, MaybeSender.nullSender(), new MailAddress("x@remote.test"))).isEqualTo(HookResult.DECLINED);
        assertThat(hook.doRcpt(authenticated, MaybeSender.nullSender(), new MailAddress("x@remote.test"))).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void deadResolverAcceptsAndCounts() throws Exception {
        SafeModeDnsblHook failing = hook(config(Map.of("dnsServers", "127.0.0.1:9", "timeout", "300ms")));

        assertThat(rcpt(failing, "127.0.0.66", MaybeSender.nullSender(), "alice@local.test")).isEqualTo(HookResult.DECLINED);
        assertThat(metrics.countFor(JamesDnsblMetrics.name("errors", ZONE))).isEqualTo(1);
    }

    @Test
    void reasonCanBeLeftOut() throws Exception {
        HookResult result = rcpt(hook(config(Map.of("includeReason", "false"))), "127.0.0.66", MaybeSender.nullSender(), "alice@local.test");

        assertThat(result.getSmtpDescription()).doesNotContain("Sent backscatter");
    }

    @Test
    void emptyDnsServersElementMeansTheSystemResolvers() throws Exception {
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("dnsServers", "");

        hook(config); // the documented "empty: system resolvers" must not stop James
    }

    @Test
    void badConfigurationFailsStartNamingHookParameterAndValue() {
        assertThatThrownBy(() -> hook(config(Map.of("timeout", "2 minutes"))))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("SafeModeDnsblHook").hasMessageContaining("'timeout'").hasMessageContaining("2 minutes");
        assertThatThrownBy(() -> hook(config(Map.of("zon", "x"))))
            .hasMessageContaining("SafeModeDnsblHook").hasMessageContaining("unknown parameter <zon>");
        assertThatThrownBy(() -> hook(config(Map.of("includeReason", "maybe"))))
            .hasMessageContaining("'includeReason'").hasMessageContaining("maybe");
    }
}
