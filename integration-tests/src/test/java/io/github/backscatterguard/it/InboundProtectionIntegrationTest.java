package io.github.backscatterguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Durations.ONE_MINUTE;
import static org.awaitility.Durations.TWO_HUNDRED_MILLISECONDS;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.james.utils.TestIMAPClient;
import org.apache.mailet.Mail;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.backscatterguard.dnsbl.Rbldnsd;

/**
 * {@code conf-samples/inbound-protection} in a real James 3.8.1: SMTP clients bound to chosen
 * loopback addresses (127.0.0.66 is listed on the test's rbldnsd copy of ips.backscatterer.org,
 * 127.0.0.20 is not, 127.0.0.10 is a front filter named in trustedNetworks), the two SMTP hooks and
 * the {@code InBackscattererSafeMode} -> {@code RejectBackscatter} fallback of the sample, and the
 * SMTP sink as the Internet (the gateway of the sample's RemoteDelivery), so that a bounce James
 * made would be seen.
 *
 * <p>The test changes only what must differ from production ({@link TestEdits}): the SMTP port, the
 * DNS server of the hook and the matcher (rbldnsd), the front filter's address in trustedNetworks
 * and the RemoteDelivery gateway. The zone name and its filter are the sample's.
 */
class InboundProtectionIntegrationTest {
    private static final String SAMPLE = "inbound-protection";
    private static final String DOMAIN = "guard.test";
    private static final String BOB = "bob@" + DOMAIN;
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String PASSWORD = "secret";
    private static final InetAddress LISTED = SampleJames.address("127.0.0.66");
    /** Neither listed nor in the sample's authorizedAddresses (127.0.0.1, whose clients the hooks never check). */
    private static final InetAddress UNLISTED = SampleJames.address("127.0.0.20");
    private static final InetAddress FRONT_FILTER = SampleJames.address(TestEdits.FRONT_FILTER);
    private static final MailRepositoryUrl QUARANTINE = MailRepositoryUrl.from("memory://var/mail/backscatter/");
    private static final String ZONE_REASON = "Sent backscatter to spamtraps, see https://bl.test/?$";

    private static final ConditionFactory AWAIT = Awaitility.with().pollInterval(TWO_HUNDRED_MILLISECONDS).await().atMost(ONE_MINUTE);

    private static Rbldnsd rbldnsd;
    private static SmtpSink internet;
    private static String zone;

    @RegisterExtension
    static JamesServerExtension james = SampleJames.perClass(InboundProtectionIntegrationTest::writeSample);

    private static void writeSample(Path conf) throws Exception {
        internet = SmtpSink.start();
        SampleFile smtpServer = SampleFile.load(SAMPLE, "smtpserver.xml");
        zone = smtpServer.text(TestEdits.SAFE_MODE_HOOK + "/zone").split("=")[0];
        rbldnsd = startListing(zone, LISTED);
        String dnsServers = "127.0.0.1:" + rbldnsd.address().getPort();
        TestEdits.hookAsks(TestEdits.smtpOnLoopback(smtpServer), dnsServers).writeTo(conf);
        SampleFile mailetContainer = SampleFile.load(SAMPLE, "mailetcontainer.xml");
        TestEdits.fallbackAsks(mailetContainer, dnsServers);
        TestEdits.deliverToSink(mailetContainer, internet);
        mailetContainer.writeTo(conf);
    }

    /** rbldnsd serving {@code zone} (the sample's, e.g. ips.backscatterer.org) with one listed address, answering 127.0.0.2 as Backscatterer does. */
    static Rbldnsd startListing(String zone, InetAddress listed) throws IOException, InterruptedException {
        Rbldnsd.assumeInstalled();
        return Rbldnsd.start(Map.of(zone + ":ip4set:backscatterers", ":127.0.0.2:" + ZONE_REASON + "\n" + listed.getHostAddress() + "\n"));
    }

    @BeforeAll
    static void createUsers(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addDomain(DOMAIN);
        data.addUser(BOB, PASSWORD);
        data.addUser(ALICE, PASSWORD);
    }

    @AfterAll
    static void stopFixtures() throws IOException {
        if (internet != null) {
            internet.close();
        }
        if (rbldnsd != null) {
            rbldnsd.close();
        }
    }

    private static int smtpPort(GuiceJamesServer server) {
        return server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
    }

    private static String bounce(String id, String to, String... extraHeaders) {
        return String.join("\r\n", extraHeaders) + (extraHeaders.length == 0 ? "" : "\r\n")
            + "From: MAILER-DAEMON@bouncer.example\r\nTo: " + to + "\r\nSubject: Undelivered Mail Returned to Sender\r\n"
            + "Message-ID: <" + id + "@bouncer.example>\r\n\r\nYour message to nobody@bouncer.example could not be delivered.\r\n";
    }

    @Test
    void aBounceFromAListedIpIsRefusedAtRcptNamingTheList(GuiceJamesServer server) throws Exception {
        try (SmtpSession smtp = SmtpSession.open(smtpPort(server), LISTED)) {
            assertThat(smtp.send("", bounce("refused-1", BOB), BOB)).containsExactly(554);
            assertThat(smtp.send("postmaster@bouncer.example", bounce("refused-2", BOB), BOB)).containsExactly(554);

            assertThat(smtp.replies().get(0)).contains("5.7.1", zone, "Sent backscatter to spamtraps, see https://bl.test/?127.0.0.66");
        }
    }

    @Test
    void ordinaryMailFromTheListedIpIsDeliveredInSafeMode(GuiceJamesServer server) throws Exception {
        try (SmtpSession smtp = SmtpSession.open(smtpPort(server), LISTED)) {
            assertThat(smtp.send("newsletter@bouncer.example",
                "From: newsletter@bouncer.example\r\nTo: " + ALICE + "\r\nSubject: News\r\n\r\nHello\r\n", ALICE)).containsExactly(250, 250);
        }
        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort())
                .login(ALICE, PASSWORD).select(TestIMAPClient.INBOX).awaitMessageCount(AWAIT, 1);
        }
    }

    @Test
    void aBounceToSeveralRecipientsIsRefusedAtTheEndOfData(GuiceJamesServer server) throws Exception {
        try (SmtpSession smtp = SmtpSession.open(smtpPort(server), UNLISTED)) {
            assertThat(smtp.send("", bounce("multi-1", BOB), BOB, ALICE)).containsExactly(250, 250, 550);
            assertThat(smtp.replies().get(2)).contains("5.5.3");
        }
    }

    @Test
    void backscatterRelayedByTheFrontFilterIsQuarantinedAndNeverBounced(GuiceJamesServer server) throws Exception {
        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);
        String listedHop = "Received: from bouncer.example (bouncer.example [127.0.0.66]) by filter.test (Postfix) with ESMTP id 4QX;"
            + " Thu, 4 Dec 2025 10:00:00 +0000";

        // The filter's own address is not listed, so the hook lets both in; the fallback judges the hop before it.
        try (SmtpSession smtp = SmtpSession.open(smtpPort(server), FRONT_FILTER)) {
            assertThat(smtp.send("", bounce("relayed-null-sender", BOB, listedHop), BOB)).containsExactly(250, 250);
            // A bounce James made for this one would go to bouncer.example, i.e. to the sink.
            assertThat(smtp.send("postmaster@bouncer.example", bounce("relayed-postmaster", BOB, listedHop), BOB)).containsExactly(250, 250);
        }

        AWAIT.untilAsserted(() -> assertThat(quarantinedIds(repositories)).containsExactlyInAnyOrder("relayed-null-sender", "relayed-postmaster"));
        QueueSizeProbe queues = server.getProbe(QueueSizeProbe.class);
        AWAIT.untilAsserted(() -> assertThat(queues.size("spool") + queues.size("outgoing")).isZero());
        assertThat(internet.deliveries()).as("mail sent out (a bounce would be)").isEmpty();
        assertThat(repositories.getRepositoryMailCount(MailRepositoryUrl.from("memory://var/mail/error/"))).isZero();
        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(BOB, PASSWORD).select(TestIMAPClient.INBOX);
            assertThat(imap.getMessageCount(TestIMAPClient.INBOX)).isZero();
        }
    }

    static List<String> quarantinedIds(MailRepositoryProbeImpl repositories) throws Exception {
        List<String> ids = new ArrayList<>();
        for (MailKey key : repositories.listMailKeys(QUARANTINE)) {
            Mail mail = repositories.getMail(QUARANTINE, key);
            try {
                String messageId = mail.getMessage().getMessageID();
                ids.add(messageId.substring(1, messageId.indexOf('@')));
            } finally {
                LifecycleUtil.dispose(mail);
            }
        }
        return ids;
    }
}
