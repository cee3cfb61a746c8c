package io.github.backscatterguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Durations.ONE_MINUTE;
import static org.awaitility.Durations.TWO_HUNDRED_MILLISECONDS;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
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
 * The NDR pool of {@code conf-samples/outbound-ndr-pool} cannot be used to relay anything but the
 * NDRs of the authorised network: a client outside it (127.0.0.66) is refused at RCPT for any remote
 * recipient, NDR or not, however the address is dressed up; its forged "NDR" to a local user is
 * delivered to the mailbox and relayed nowhere; and ordinary mail of an authorised client (127.0.0.1)
 * never leaves from the NDR pool's address (127.0.0.3), even when it carries the guard's own headers,
 * while its real NDR does (the control that shows the pool works).
 *
 * <p>The sample's files are used as they are, with only the edits every sample test makes
 * ({@link TestEdits}): SMTP on loopback, the SMTP sink as gateway, a source address per pool.
 */
class SecurityNdrPoolRelayIntegrationTest {
    private static final String SAMPLE = "outbound-ndr-pool";
    private static final String AUTHORISED = "127.0.0.1";
    private static final String UNAUTHORISED = "127.0.0.66";
    private static final String DEFAULT_POOL = "127.0.0.2";
    private static final String NDR_POOL = "127.0.0.3";
    private static final String DOMAIN = "guard.test";
    private static final String BOB = "bob@" + DOMAIN;
    private static final String PASSWORD = "secret";
    private static final String REMOTE = "victim@remote.example";

    private static final ConditionFactory AWAIT = Awaitility.with().pollInterval(TWO_HUNDRED_MILLISECONDS).await().atMost(ONE_MINUTE);

    private static SmtpSink internet;

    @RegisterExtension
    static JamesServerExtension james = SampleJames.perClass(SecurityNdrPoolRelayIntegrationTest::writeSample);

    private static void writeSample(Path conf) throws Exception {
        internet = SmtpSink.start();
        TestEdits.smtpOnLoopback(SampleFile.load(SAMPLE, "smtpserver.xml")).writeTo(conf);
        SampleFile mailetContainer = SampleFile.load(SAMPLE, "mailetcontainer.xml");
        TestEdits.deliverToSink(mailetContainer, internet);
        TestEdits.poolAddresses(mailetContainer, DEFAULT_POOL, NDR_POOL);
        mailetContainer.writeTo(conf);
    }

    @BeforeAll
    static void createUsers(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addDomain(DOMAIN);
        data.addUser(BOB, PASSWORD);
    }

    @AfterAll
    static void stopTheInternet() throws IOException {
        if (internet != null) {
            internet.close();
        }
    }

    private static SmtpSession smtp(GuiceJamesServer server, String client) throws IOException {
        return SmtpSession.open(server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue(), SampleJames.address(client));
    }

    @Test
    void anUnauthorisedClientCannotSendAnNdrOrOrdinaryMailThroughJames(GuiceJamesServer server) throws Exception {
        List<String> replies = new ArrayList<>();
        try (SmtpSession smtp = smtp(server, UNAUTHORISED)) {
            assertThat(smtp.send("", SampleJames.message("ndr-pool/rfc3464-dsn.eml", REMOTE, "unauth-ndr"), REMOTE)).containsExactly(550);
            assertThat(smtp.send("mallory@evil.example", SampleJames.message("ndr-pool/ordinary.eml", REMOTE, "unauth-ordinary"), REMOTE))
                .containsExactly(550);
            replies.addAll(smtp.replies());
        }

        assertThat(replies).hasSize(2).allSatisfy(reply -> assertThat(reply).startsWith("550 5.7.1").containsIgnoringCase("relaying denied"));
        assertThat(deliveryOf("unauth-")).isEmpty();
    }

    @Test
    void remoteAddressesDressedUpAsLocalOnesAreRefusedToo(GuiceJamesServer server) throws Exception {
        // A source route through our domain (RFC 5321 says to ignore the route) and the "percent hack".
        List<String> dressedUp = List.of("@" + DOMAIN + ":" + REMOTE, REMOTE.replace('@', '%') + "@" + DOMAIN);
        for (String recipient : dressedUp) {
            try (SmtpSession smtp = smtp(server, UNAUTHORISED)) {
                List<Integer> codes = smtp.send("", SampleJames.message("ndr-pool/rfc3464-dsn.eml", REMOTE, "unauth-dressed"), recipient);

                assertThat(codes).as("RCPT TO:<%s>: %s", recipient, smtp.replies()).hasSize(1)
                    .allSatisfy(code -> assertThat(code).isBetween(550, 559));
            }
        }
        assertThat(deliveryOf("unauth-dressed")).isEmpty();
    }

    @Test
    void aForgedNdrFromAnUnauthorisedClientToALocalUserIsDeliveredLocallyAndRelayedNowhere(GuiceJamesServer server) throws Exception {
        try (SmtpSession smtp = smtp(server, UNAUTHORISED)) {
            assertThat(smtp.send("", SampleJames.message("ndr-pool/rfc3464-dsn.eml", BOB, "unauth-local-ndr"), BOB))
                .as("%s", smtp.replies()).containsExactly(250, 250);
        }

        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort())
                .login(BOB, PASSWORD).select(TestIMAPClient.INBOX).awaitMessageCount(AWAIT, 1);
            assertThat(imap.readFirstMessage()).contains("Message-ID: <unauth-local-ndr@mx1.downstream.example>");
        }
        // Its processing is over (it is in the mailbox): had any copy gone to the relay, it would be queued or sent.
        assertThat(deliveryOf("unauth-local-ndr")).isEmpty();
        assertThat(server.getProbe(QueueSizeProbe.class).size("ndr-outgoing")).isZero();
        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);
        assertThat(repositories.getRepositoryMailCount(MailRepositoryUrl.from("memory://var/mail/ndr-overflow/"))).isZero();
        assertThat(repositories.getRepositoryMailCount(MailRepositoryUrl.from("memory://var/mail/relay-denied/"))).isZero();
        assertThat(repositories.getRepositoryMailCount(MailRepositoryUrl.from("memory://var/mail/error/"))).isZero();
    }

    @Test
    void ordinaryMailOfAnAuthorisedClientNeverLeavesFromTheNdrPoolEvenWithTheGuardsHeadersPlanted(GuiceJamesServer server) throws Exception {
        String planted = "X-Backscatter-Guard: ndr; evidence=null-sender,multipart/report;report-type=delivery-status,action=failed,status=5.1.1\r\n"
            + "X-Backscatter-Guard-Rerouted: ndr; pool=ndr-pool\r\n";
        try (SmtpSession smtp = smtp(server, AUTHORISED)) {
            assertThat(smtp.send("carol@downstream.example", SampleJames.message("ndr-pool/ordinary.eml", "dave@partner1.example", "auth-ordinary"),
                "dave@partner1.example")).containsExactly(250, 250);
            assertThat(smtp.send("carol@downstream.example",
                planted + SampleJames.message("ndr-pool/ordinary.eml", "erin@partner2.example", "auth-planted"), "erin@partner2.example"))
                .containsExactly(250, 250);
            // The control: a real NDR of the authorised network leaves from the NDR pool.
            assertThat(smtp.send("", SampleJames.message("ndr-pool/rfc3464-dsn.eml", "alice@sender-a.example", "auth-ndr"), "alice@sender-a.example"))
                .containsExactly(250, 250);
        }

        SmtpSink.Delivery ordinary = AWAIT.until(() -> deliveryOf("auth-ordinary"), Optional::isPresent).orElseThrow();
        SmtpSink.Delivery plantedHeaders = AWAIT.until(() -> deliveryOf("auth-planted"), Optional::isPresent).orElseThrow();
        SmtpSink.Delivery ndr = AWAIT.until(() -> deliveryOf("auth-ndr"), Optional::isPresent).orElseThrow();

        assertThat(ordinary.clientAddress()).isEqualTo(SampleJames.address(DEFAULT_POOL));
        assertThat(plantedHeaders.clientAddress()).isEqualTo(SampleJames.address(DEFAULT_POOL));
        assertThat(plantedHeaders.sender()).isEqualTo("carol@downstream.example");
        assertThat(ndr.clientAddress()).isEqualTo(SampleJames.address(NDR_POOL));
        assertThat(internet.deliveries()).filteredOn(delivery -> delivery.clientAddress().equals(SampleJames.address(NDR_POOL)))
            .allSatisfy(delivery -> assertThat(delivery.sender()).as("MAIL FROM of %s", delivery).isEmpty());
    }

    /** The delivery to the sink whose Message-ID starts with {@code idPrefix}, if any. */
    private static Optional<SmtpSink.Delivery> deliveryOf(String idPrefix) {
        return internet.deliveries().stream().filter(delivery -> delivery.messageText().contains("Message-ID: <" + idPrefix)).findFirst();
    }
}
