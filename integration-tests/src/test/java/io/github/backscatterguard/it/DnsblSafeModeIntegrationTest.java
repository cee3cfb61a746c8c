package io.github.backscatterguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Durations.ONE_MINUTE;
import static org.awaitility.Durations.TWO_HUNDRED_MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.backscatterguard.dnsbl.Rbldnsd;
import io.github.backscatterguard.james.dnsbl.JamesDnsblMetrics;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.net.smtp.SMTPClient;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.InMemoryDNSService;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Backscatterer safe mode in a real James 3.8.1: real SMTP clients bound to chosen loopback source
 * addresses (127.0.0.66 is listed, 127.0.0.1 is not, ::1 is listed), a real rbldnsd serving the
 * zones, the {@code SafeModeDnsblHook} and {@code MultiRecipientBounceHook} in smtpserver.xml and
 * {@code InBackscattererSafeMode} in mailetcontainer.xml.
 */
class DnsblSafeModeIntegrationTest {
    private static final String DOMAIN = "guard.test";
    private static final String BOB = "bob@" + DOMAIN;
    private static final String POSTMASTER = "postmaster@" + DOMAIN;
    private static final String PASSWORD = "secret";
    private static final String ZONE = "ips.backscatterer.test";
    private static final InetAddress LISTED = address("127.0.0.66");
    private static final InetAddress UNLISTED = address("127.0.0.1");
    private static final InetAddress TRUSTED_FILTER = address("127.0.0.10");
    private static final MailRepositoryUrl QUARANTINE = MailRepositoryUrl.from("memory://var/mail/backscatter/");

    private static final ConditionFactory AWAIT = Awaitility.with().pollInterval(TWO_HUNDRED_MILLISECONDS).await().atMost(ONE_MINUTE);
    private static final RecordingMetricFactory METRICS = new RecordingMetricFactory();

    private static Rbldnsd rbldnsd;
    /** Holds a UDP port that never answers: the "resolver down" case. */
    private static DatagramSocket silentDns;
    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();

    @RegisterExtension
    static JamesServerExtension james = new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir -> {
            writeConfiguration(tmpDir);
            return MemoryJamesConfiguration.builder()
                .workingDirectory(tmpDir)
                .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
                .build();
        })
        .server(configuration -> MemoryJamesServerMain.createServer(configuration)
            .overrideWith(binder -> binder.bind(DNSService.class).toInstance(loopbackDns()))
            .overrideWith(binder -> binder.bind(MetricFactory.class).toInstance(METRICS)))
        .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
        .build();

    /**
     * James's network matchers resolve address literals through DNSService; the in-memory fake
     * answers 127.0.0.1 for names it does not know, so the test's source addresses map to themselves.
     */
    private static InMemoryDNSService loopbackDns() {
        InMemoryDNSService dns = new InMemoryDNSService();
        for (InetAddress ip : List.of(LISTED, UNLISTED, TRUSTED_FILTER)) {
            dns.registerRecord(ip.getHostAddress(), ip, ip.getHostAddress());
        }
        return dns;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts rbldnsd and writes James's conf/ with free ports and the rbldnsd address filled in. */
    private static void writeConfiguration(File workingDirectory) {
        try {
            Rbldnsd.assumeInstalled();
            Map<String, String> zones = new LinkedHashMap<>();
            zones.put(ZONE + ":ip4set:v4", ":127.0.0.2:Sent backscatter, see https://bl.test/?$\n127.0.0.66\n");
            zones.put(ZONE + ":ip6trie:v6", ":127.0.0.2:IPv6 backscatter\n::1\n");
            zones.put("refusing.backscatterer.test:ip4set:refusing", ":127.255.255.254:query refused\n127.0.0.0/8\n");
            rbldnsd = Rbldnsd.start(zones);
            silentDns = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            for (String name : List.of("PORT_MAIN", "PORT_V6", "PORT_DEAD", "PORT_REFUSING")) {
                PORTS.put(name, freeTcpPort());
            }
            Path conf = workingDirectory.toPath().resolve("conf");
            Files.createDirectories(conf);
            for (String file : List.of("domainlist.xml", "usersrepository.xml", "pop3server.xml", "dnsservice.xml", "imapserver.xml")) {
                Files.writeString(conf.resolve(file), resource(file));
            }
            for (String file : List.of("smtpserver.xml", "mailetcontainer.xml")) {
                String text = resource("dnsbl-it/" + file)
                    .replace("@RBLDNSD@", "127.0.0.1:" + rbldnsd.address().getPort())
                    .replace("@SILENT_DNS@", "127.0.0.1:" + silentDns.getLocalPort());
                for (Map.Entry<String, Integer> port : PORTS.entrySet()) {
                    text = text.replace("@" + port.getKey() + "@", String.valueOf(port.getValue()));
                }
                Files.writeString(conf.resolve(file), text);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot prepare the James configuration", e);
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DnsblSafeModeIntegrationTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void createUsers(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addDomain(DOMAIN);
        data.addUser(BOB, PASSWORD);
        data.addUser(POSTMASTER, PASSWORD);
    }

    @AfterAll
    static void stopRbldnsd() throws IOException {
        if (rbldnsd != null) {
            rbldnsd.close();
        }
        if (silentDns != null) {
            silentDns.close();
        }
    }

    /** One SMTP transaction from {@code source}; returns the reply code of each RCPT, then of DATA's end. */
    private static List<Integer> transaction(String server, InetAddress source, String sender, String message, String... recipients) throws IOException {
        SMTPClient client = new SMTPClient();
        client.setDefaultTimeout(10_000);
        try {
            client.connect(server.contains(":") ? address(server) : InetAddress.getLoopbackAddress(),
                PORTS.get(server.contains(":") ? "PORT_V6" : server), source, 0);
            client.helo("client.test");
            client.setSender(sender);
            List<Integer> codes = new java.util.ArrayList<>();
            boolean anyAccepted = false;
            for (String recipient : recipients) {
                anyAccepted |= client.addRecipient(recipient);
                codes.add(client.getReplyCode());
                lastReplies.add(client.getReplyString());
            }
            if (anyAccepted) {
                client.sendShortMessageData(message);
                codes.add(client.getReplyCode());
                lastReplies.add(client.getReplyString());
            }
            client.logout();
            return codes;
        } finally {
            client.disconnect();
        }
    }

    private static final List<String> lastReplies = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    private static String message(String subject, String... extraHeaders) {
        return String.join("\r\n", extraHeaders) + (extraHeaders.length == 0 ? "" : "\r\n")
            + "From: MAILER-DAEMON@bounce.test\r\nTo: " + BOB + "\r\nSubject: " + subject + "\r\n\r\nbody\r\n";
    }

    @Test
    void bounceFromListedIpIsRefusedAtRcptWith554NamingTheList() throws Exception {
        lastReplies.clear();

        assertThat(transaction("PORT_MAIN", LISTED, "", message("Undelivered Mail Returned to Sender"), BOB)).containsExactly(554);
        assertThat(lastReplies.get(0)).contains("5.7.1").contains(ZONE).contains("Sent backscatter, see https://bl.test/?127.0.0.66");
    }

    @Test
    void postmasterSenderFromListedIpIsRefused() throws Exception {
        assertThat(transaction("PORT_MAIN", LISTED, "postmaster@bounce.test", message("Delivery failure"), BOB)).containsExactly(554);
    }

    @Test
    void ordinarySenderFromListedIpIsAcceptedInSafeMode() throws Exception {
        assertThat(transaction("PORT_MAIN", LISTED, "newsletter@provider.test", message("Hello"), BOB)).containsExactly(250, 250);
    }

    @Test
    void bounceFromUnlistedIpIsAccepted() throws Exception {
        assertThat(transaction("PORT_MAIN", UNLISTED, "", message("Undelivered Mail Returned to Sender"), BOB)).containsExactly(250, 250);
    }

    @Test
    void bounceToLocalPostmasterIsAcceptedAndDeliveredEvenFromListedIp(GuiceJamesServer server) throws Exception {
        assertThat(transaction("PORT_MAIN", LISTED, "", message("Undelivered Mail Returned to Sender"), POSTMASTER)).containsExactly(250, 250);
        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort())
                .login(POSTMASTER, PASSWORD).select(TestIMAPClient.INBOX).awaitMessageCount(AWAIT, 1);
        }
    }

    @Test
    void ipv6ClientListedOverIpv6IsRefused() throws Exception {
        assertThat(transaction("::1", address("::1"), "", message("Undelivered Mail Returned to Sender"), BOB)).containsExactly(554);
    }

    @Test
    void deadResolverAcceptsWithinTheTimeoutAndCounts() throws Exception {
        int errorsBefore = METRICS.countFor(JamesDnsblMetrics.name("errors.timeout", "dead.backscatterer.test"));

        // The hook's timeout is 500 ms; the bound only guards against a hang, it measures nothing.
        List<Integer> codes = assertTimeoutPreemptively(Duration.ofSeconds(5),
            () -> transaction("PORT_DEAD", LISTED, "", message("Undelivered Mail Returned to Sender"), BOB));

        assertThat(codes).containsExactly(250, 250);
        assertThat(METRICS.countFor(JamesDnsblMetrics.name("errors.timeout", "dead.backscatterer.test"))).isEqualTo(errorsBefore + 1);
    }

    @Test
    void queryRefusedAnswerIsAcceptedAndCountedAsAnError() throws Exception {
        assertThat(transaction("PORT_REFUSING", LISTED, "", message("Undelivered Mail Returned to Sender"), BOB)).containsExactly(250, 250);
        assertThat(METRICS.countFor(JamesDnsblMetrics.name("errors.query-refused-code", "refusing.backscatterer.test"))).isEqualTo(1);
        assertThat(METRICS.countFor(JamesDnsblMetrics.name("listed", "refusing.backscatterer.test"))).isZero();
    }

    @Test
    void multiRecipientBounceIsRefusedAtTheEndOfData() throws Exception {
        lastReplies.clear();

        assertThat(transaction("PORT_MAIN", UNLISTED, "", message("Undelivered Mail Returned to Sender"), BOB, POSTMASTER))
            .containsExactly(250, 250, 550);
        assertThat(lastReplies.get(2)).contains("5.5.3");
    }

    @Test
    void behindTheTrustedFilterTheMatcherQuarantinesTheBounceOfAListedHop(GuiceJamesServer server) throws Exception {
        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);
        long quarantinedBefore = repositories.getRepositoryMailCount(QUARANTINE);
        String relayed = message("Undelivered Mail Returned to Sender",
            "Received: from bouncer.test (bouncer.test [127.0.0.66]) by filter.test (Postfix) with ESMTP id 1; Fri, 4 Dec 2026 10:00:00 +0000");

        // The filter (127.0.0.10) is not listed, so SMTP accepts; the mailet judges the hop before it.
        assertThat(transaction("PORT_MAIN", TRUSTED_FILTER, "", relayed, BOB)).containsExactly(250, 250);

        AWAIT.untilAsserted(() -> assertThat(repositories.getRepositoryMailCount(QUARANTINE)).isEqualTo(quarantinedBefore + 1));
        assertThat(repositories.getRepositoryMailCount(MailRepositoryUrl.from("memory://var/mail/error/"))).isZero();
    }

    @Test
    void hookAndMatcherShareOneCacheInTheServer(GuiceJamesServer server) throws Exception {
        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);
        long quarantinedBefore = repositories.getRepositoryMailCount(QUARANTINE);
        // The hook looks 127.0.0.66 up (or finds it cached by an earlier test).
        assertThat(transaction("PORT_MAIN", LISTED, "", message("Undelivered Mail Returned to Sender"), BOB)).containsExactly(554);
        int lookups = METRICS.countFor(JamesDnsblMetrics.name("lookups", ZONE));
        int hits = METRICS.countFor(JamesDnsblMetrics.name("cacheHits", ZONE));

        // The matcher, another instance built by another loader, checks the same IP behind the trusted filter.
        String relayed = message("Undelivered Mail Returned to Sender",
            "Received: from bouncer.test (bouncer.test [127.0.0.66]) by filter.test (Postfix) with ESMTP id 2; Fri, 4 Dec 2026 10:00:00 +0000");
        assertThat(transaction("PORT_MAIN", TRUSTED_FILTER, "", relayed, BOB)).containsExactly(250, 250);
        AWAIT.untilAsserted(() -> assertThat(repositories.getRepositoryMailCount(QUARANTINE)).isEqualTo(quarantinedBefore + 1));

        // One query only: the hook's for the filter's own address 127.0.0.10 (the test zone has no SOA, so
        // negative answers are never cached). 127.0.0.66 itself came from the cache the hook filled.
        assertThat(METRICS.countFor(JamesDnsblMetrics.name("lookups", ZONE))).as("DNS queries").isEqualTo(lookups + 1);
        assertThat(METRICS.countFor(JamesDnsblMetrics.name("cacheHits", ZONE))).isGreaterThan(hits);
    }
}
