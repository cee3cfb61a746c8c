package io.github.backscatterguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Durations.ONE_MINUTE;
import static org.awaitility.Durations.TWO_HUNDRED_MILLISECONDS;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.mailet.Mail;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.backscatterguard.policy.RateLimit;

/**
 * {@code conf-samples/outbound-ndr-pool} in a real James 3.8.1: a server on the authorised network
 * (127.0.0.1) relays ordinary mail and NDRs of four MTAs (an RFC 3464 DSN, Postfix, Exim, qmail)
 * through James to remote domains, and a real SMTP server on loopback ({@link SmtpSink}) stands in
 * for the Internet, recording the source address of every delivery.
 *
 * <p>The sample's files are read from {@code conf-samples/} as they are; the test changes only what
 * must differ from production ({@link TestEdits}): the SMTP port, the gateway of both RemoteDelivery
 * pools (the sink, instead of MX lookups), and their source addresses (127.0.0.2 for the default
 * pool, 127.0.0.3 for the NDR pool). Policy values (rate limit, HELO name, content trimming, trace
 * header) are the sample's own.
 */
class OutboundNdrPoolIntegrationTest {
    private static final String SAMPLE = "outbound-ndr-pool";
    private static final String NDR_POOL_REMOTE_DELIVERY = TestEdits.NDR_POOL;
    private static final String REROUTE = TestEdits.REROUTE;

    private static final String RELAYING_NETWORK = "127.0.0.1";
    private static final String DEFAULT_POOL = "127.0.0.2";
    private static final String NDR_POOL = "127.0.0.3";
    private static final String RELAYED_SENDER = "carol@downstream.example";
    private static final String FLOOD_DOMAIN = "flood.example";
    private static final int FLOOD_EXCESS = 3;
    private static final MailRepositoryUrl OVERFLOW = MailRepositoryUrl.from("memory://var/mail/ndr-overflow/");

    private static final ConditionFactory AWAIT = Awaitility.with().pollInterval(TWO_HUNDRED_MILLISECONDS).await().atMost(ONE_MINUTE);

    private static SmtpSink internet;
    private static SampleFile mailetContainer;

    @RegisterExtension
    static JamesServerExtension james = SampleJames.perClass(OutboundNdrPoolIntegrationTest::writeSample);

    /** Message-ID local part -> what was sent; filled by {@link #relayTheMix}. */
    private static final Map<String, Sent> SENT = new LinkedHashMap<>();

    private static final class Sent {
        final String template;
        final boolean ndr;
        final String recipient;

        Sent(String template, boolean ndr, String recipient) {
            this.template = template;
            this.ndr = ndr;
            this.recipient = recipient;
        }
    }

    private static void writeSample(java.nio.file.Path conf) throws Exception {
        internet = SmtpSink.start();
        TestEdits.smtpOnLoopback(SampleFile.load(SAMPLE, "smtpserver.xml")).writeTo(conf);
        mailetContainer = SampleFile.load(SAMPLE, "mailetcontainer.xml");
        TestEdits.deliverToSink(mailetContainer, internet);
        TestEdits.poolAddresses(mailetContainer, DEFAULT_POOL, NDR_POOL);
        mailetContainer.writeTo(conf);
    }

    @BeforeAll
    static void relayTheMix(GuiceJamesServer server) throws Exception {
        int flood = RateLimit.parse(mailetContainer.text(REROUTE + "/rateLimit")).count() + FLOOD_EXCESS;
        int port = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
        try (SmtpSession smtp = SmtpSession.open(port, SampleJames.address(RELAYING_NETWORK))) {
            for (int i = 1; i <= 4; i++) {
                send(smtp, "ndr-pool/ordinary.eml", false, RELAYED_SENDER, "ordinary-" + i, "dave" + i + "@partner" + i + ".example");
            }
            send(smtp, "ndr-pool/ordinary-multipart-8bit.eml", false, RELAYED_SENDER, "ordinary-8bit", "heidi@partner9.example");
            send(smtp, "ndr-pool/rfc3464-dsn.eml", true, "", "dsn-1", "alice@sender-a.example");
            send(smtp, "ndr-pool/postfix-bounce.eml", true, "", "postfix-1", "bob@sender-b.example");
            send(smtp, "ndr-pool/exim-bounce.eml", true, "", "exim-1", "erin@sender-c.example");
            send(smtp, "ndr-pool/qmail-bounce.eml", true, "", "qmail-1", "frank@sender-d.example");
            // A joe-job: bounces of spam that forged one domain's addresses, all going back to that domain.
            for (int i = 1; i <= flood; i++) {
                send(smtp, "ndr-pool/rfc3464-dsn.eml", true, "", "flood-" + i, "victim" + i + "@" + FLOOD_DOMAIN);
            }
            send(smtp, "ndr-pool/ordinary.eml", false, RELAYED_SENDER, "ordinary-5", "grace@" + FLOOD_DOMAIN);
        }
        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);
        AWAIT.untilAsserted(() -> assertThat(internet.deliveries().size() + repositories.getRepositoryMailCount(OVERFLOW))
            .isGreaterThanOrEqualTo(SENT.size()));
    }

    private static void send(SmtpSession smtp, String template, boolean ndr, String sender, String id, String recipient) throws IOException {
        List<Integer> codes = smtp.send(sender, SampleJames.message(template, recipient, id), recipient);
        assertThat(codes).as("relaying %s: %s", id, smtp.replies()).containsExactly(250, 250);
        SENT.put(id, new Sent(template, ndr, recipient));
    }

    @AfterAll
    static void stopTheInternet() throws IOException {
        if (internet != null) {
            internet.close();
        }
    }

    @Test
    void everyNdrLeavesFromTheNdrPoolAndEveryOrdinaryMailFromTheDefaultPool() {
        Map<String, SmtpSink.Delivery> delivered = deliveredById();
        assertThat(delivered).isNotEmpty();
        for (Map.Entry<String, SmtpSink.Delivery> delivery : delivered.entrySet()) {
            String expected = SENT.get(delivery.getKey()).ndr ? NDR_POOL : DEFAULT_POOL;
            assertThat(delivery.getValue().clientAddress()).as("source address of %s", delivery.getKey())
                .isEqualTo(SampleJames.address(expected));
        }
        assertThat(delivered.keySet()).contains("ordinary-1", "ordinary-5", "dsn-1", "postfix-1", "exim-1", "qmail-1");
    }

    @Test
    void theNdrPoolGreetsWithItsOwnHeloNameAndKeepsTheNullSender() {
        String ndrHelo = mailetContainer.text(NDR_POOL_REMOTE_DELIVERY + "/heloName");
        for (Map.Entry<String, SmtpSink.Delivery> delivery : deliveredById().entrySet()) {
            Sent sent = SENT.get(delivery.getKey());
            SmtpSink.Delivery received = delivery.getValue();
            assertThat(received.recipients()).as("recipients of %s", delivery.getKey()).containsExactly(sent.recipient);
            if (sent.ndr) {
                assertThat(received.heloName()).as("HELO of %s", delivery.getKey()).isEqualTo(ndrHelo);
                assertThat(received.sender()).as("MAIL FROM of %s", delivery.getKey()).isEmpty();
            } else {
                assertThat(received.heloName()).as("HELO of %s", delivery.getKey()).isNotEqualTo(ndrHelo);
                assertThat(received.sender()).isEqualTo(RELAYED_SENDER);
            }
        }
    }

    @Test
    void aReturnedMessageIsCutToItsHeaders() throws Exception {
        Map<String, SmtpSink.Delivery> delivered = deliveredById();
        for (String id : List.of("dsn-1", "postfix-1", "flood-1")) {
            MimeMessage ndr = parse(delivered.get(id));
            assertThat(ndr.isMimeType("multipart/report")).as("%s stays a report:%n%s", id, delivered.get(id).messageText()).isTrue();
            MimeMultipart parts = (MimeMultipart) ndr.getContent();
            List<String> types = new ArrayList<>();
            for (int i = 0; i < parts.getCount(); i++) {
                types.add(parts.getBodyPart(i).getContentType().split(";")[0].trim().toLowerCase());
            }
            assertThat(types).as("parts of %s", id).containsExactly("text/plain", "message/delivery-status", "text/rfc822-headers");
            String returnedHeaders = text(parts.getBodyPart(2));
            assertThat(returnedHeaders).contains("Subject: Original message " + id, "Message-ID: <original-" + id + "@partner.example>");
            assertThat(text(parts.getBodyPart(1))).contains("Status: 5.1.1");
            assertThat(delivered.get(id).messageText()).as("%s as delivered", id).doesNotContain("ORIGINAL-BODY-TEXT");
        }
    }

    @Test
    void aPlainTextBounceHasNoMimePartToCutAndLeavesAsItCame() {
        // Exim and qmail quote the returned message inline: returnContent=headers has no part to replace.
        Map<String, SmtpSink.Delivery> delivered = deliveredById();
        for (String id : List.of("exim-1", "qmail-1")) {
            assertThat(delivered.get(id).messageText()).contains("ORIGINAL-BODY-TEXT of " + id);
        }
    }

    @Test
    void anOrdinaryMultipartMailWithAn8bitTopLevelEncodingArrivesWhole() throws Exception {
        MimeMessage mail = parse(deliveredById().get("ordinary-8bit"));

        assertThat(mail.isMimeType("multipart/mixed")).isTrue();
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(text(parts.getBodyPart(1))).contains("Slide 1: figures.");
    }

    @Test
    void everyRelayedNdrCarriesTheTraceHeaderAndOrdinaryMailDoesNot() throws Exception {
        for (Map.Entry<String, SmtpSink.Delivery> delivery : deliveredById().entrySet()) {
            String[] trace = parse(delivery.getValue()).getHeader(traceHeader());
            if (SENT.get(delivery.getKey()).ndr) {
                assertThat(trace).as("trace header of %s", delivery.getKey()).containsExactly("ndr; pool=ndr-pool");
            } else {
                assertThat(trace).as("trace header of %s", delivery.getKey()).isNull();
            }
        }
    }

    @Test
    void theRateGuardStoresTheOverflowOfOneDomainAndLetsTheOthersThrough(GuiceJamesServer server) throws Exception {
        RateLimit limit = RateLimit.parse(mailetContainer.text(REROUTE + "/rateLimit"));
        List<String> overflow = overflowIds(server);

        assertThat(overflow).hasSize(FLOOD_EXCESS).allMatch(id -> id.startsWith("flood-"));
        assertThat(deliveredById().keySet().stream().filter(id -> id.startsWith("flood-"))).hasSize(limit.count());
        // Ordinary mail to the flooded domain is not counted and still leaves.
        assertThat(deliveredById()).containsKey("ordinary-5");
    }

    @Test
    void deliveredPlusQuarantinedIsExactlyWhatWasSentAndNothingErred(GuiceJamesServer server) throws Exception {
        List<String> accounted = new ArrayList<>(internet.deliveries().stream().map(OutboundNdrPoolIntegrationTest::id).collect(Collectors.toList()));
        accounted.addAll(overflowIds(server));

        assertThat(accounted).containsExactlyInAnyOrderElementsOf(SENT.keySet());
        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);
        for (MailRepositoryUrl url : repositories.listRepositoryUrls()) {
            if (!url.equals(OVERFLOW)) {
                assertThat(repositories.getRepositoryMailCount(url)).as("mails in %s", url.asString()).isZero();
            }
        }
        assertThat(repositories.getRepositoryMailCount(MailRepositoryUrl.from("memory://var/mail/error/"))).isZero();
        QueueSizeProbe queues = server.getProbe(QueueSizeProbe.class);
        assertThat(queues.size("outgoing")).isZero();
        assertThat(queues.size("ndr-outgoing")).isZero();
    }

    private static String traceHeader() {
        return mailetContainer.text(REROUTE + "/traceHeader");
    }

    private static List<String> overflowIds(GuiceJamesServer server) throws Exception {
        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);
        List<String> ids = new ArrayList<>();
        for (MailKey key : repositories.listMailKeys(OVERFLOW)) {
            Mail mail = repositories.getMail(OVERFLOW, key);
            try {
                ids.add(idOf(mail.getMessage().getMessageID()));
            } finally {
                LifecycleUtil.dispose(mail);
            }
        }
        return ids;
    }

    /** Deliveries by the test's id (the local part of the Message-ID); fails on a duplicate. */
    private static Map<String, SmtpSink.Delivery> deliveredById() {
        Map<String, SmtpSink.Delivery> byId = new HashMap<>();
        for (SmtpSink.Delivery delivery : internet.deliveries()) {
            SmtpSink.Delivery previous = byId.put(id(delivery), delivery);
            assertThat(previous).as("%s delivered twice", id(delivery)).isNull();
        }
        return byId;
    }

    private static String id(SmtpSink.Delivery delivery) {
        try {
            return idOf(parse(delivery).getMessageID());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "<dsn-1@mx1.downstream.example>" -> "dsn-1". */
    private static String idOf(String messageId) {
        return messageId.substring(1, messageId.indexOf('@'));
    }

    private static MimeMessage parse(SmtpSink.Delivery delivery) {
        try {
            return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(delivery.message()));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(BodyPart part) throws IOException, MessagingException {
        return new String(part.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    }
}
