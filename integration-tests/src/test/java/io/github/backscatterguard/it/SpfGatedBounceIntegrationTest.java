package io.github.backscatterguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Durations.ONE_MINUTE;
import static org.awaitility.Durations.TWO_HUNDRED_MILLISECONDS;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.core.Username;
import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.modules.QuotaProbesImpl;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.mailet.Mail;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.github.backscatterguard.dnsbl.Rbldnsd;
import io.github.backscatterguard.spf.Dnsmasq;

/**
 * SPF-gated bounces in {@code conf-samples/complete}, loaded as it is: mail from the Internet that
 * James accepted and then cannot deliver is bounced to its envelope sender, unless that sender fails
 * SPF, in which case the mail lands in {@code spf-quarantine} and no bounce leaves.
 *
 * <p>Real components: James 3.8.1, SMTP from 127.0.0.77 (not an authorised network, not
 * authenticated), a dnsmasq serving the senders' SPF records ({@code spf-it/dnsmasq.conf}),
 * rbldnsd for the sample's DNSBL checks, and an SMTP server standing in for the Internet that
 * refuses every mailbox of {@code elsewhere.test} with 550. Paths:
 * <ul>
 *   <li>{@code bounces}: a local alias forwards to {@code gone@elsewhere.test}; RemoteDelivery gets
 *       550 and hands the mail to {@code bounces} (DSNBounce);</li>
 *   <li>{@code local-address-error}: a local alias points at a mailbox that no longer exists;</li>
 *   <li>{@code error}: (test-only edit) a mail moved to {@code error} as James moves one whose
 *       mailet threw; and a mailbox over quota, whose failure LocalDelivery reports with a new
 *       mail that has lost its client IP: the gate must leave that one alone.</li>
 * </ul>
 * {@code relay-denied} is not reachable for such mail: James refuses the RCPT of an unauthorised
 * client to a remote domain, which {@link #relayingForTheInternetIsRefusedDuringSmtp} shows.
 */
class SpfGatedBounceIntegrationTest {
    private static final String SAMPLE = "complete";
    private static final String DOMAIN = "guard.test";
    private static final String PASSWORD = "secret";
    /** A local alias that forwards to a remote mailbox the "Internet" refuses. */
    private static final String FORWARD = "forward@" + DOMAIN;
    private static final String REFUSED_DOMAIN = "elsewhere.test";
    private static final String GONE = "gone@" + REFUSED_DOMAIN;
    /** A local alias left pointing at a mailbox that was deleted. */
    private static final String MOVED = "moved@" + DOMAIN;
    private static final String DEPARTED = "departed@" + DOMAIN;
    /** A user whose mail the test-only edit sends to the error processor. */
    private static final String CRASH = "crash@" + DOMAIN;
    /** A user whose mailbox is over quota. */
    private static final String FULL = "full@" + DOMAIN;

    private static final InetAddress INTERNET_CLIENT = SampleJames.address("127.0.0.77");
    private static final InetAddress LISTED = SampleJames.address("127.0.0.66");
    private static final MailRepositoryUrl SPF_QUARANTINE = MailRepositoryUrl.from("memory://var/mail/spf-quarantine/");
    private static final MailRepositoryUrl ERROR = MailRepositoryUrl.from("memory://var/mail/error/");

    private static final ConditionFactory AWAIT = Awaitility.with().pollInterval(TWO_HUNDRED_MILLISECONDS).await().atMost(ONE_MINUTE);

    private static Dnsmasq dnsmasq;
    private static Rbldnsd rbldnsd;
    private static SmtpSink internet;

    @RegisterExtension
    static JamesServerExtension james = SampleJames.perClass(SpfGatedBounceIntegrationTest::writeSample);

    private static void writeSample(Path conf) throws Exception {
        Dnsmasq.assumeInstalled();
        dnsmasq = Dnsmasq.start(SampleJames.resource("spf-it/dnsmasq.conf").lines()
            .map(String::trim)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .collect(Collectors.toList()));
        internet = SmtpSink.refusing(REFUSED_DOMAIN);
        SampleFile smtpServer = SampleFile.load(SAMPLE, "smtpserver.xml");
        rbldnsd = InboundProtectionIntegrationTest.startListing(smtpServer.text(TestEdits.SAFE_MODE_HOOK + "/zone").split("=")[0], LISTED);
        String dnsblServers = "127.0.0.1:" + rbldnsd.address().getPort();
        TestEdits.hookAsks(TestEdits.smtpOnLoopback(smtpServer), dnsblServers).writeTo(conf);
        SampleFile mailetContainer = SampleFile.load(SAMPLE, "mailetcontainer.xml");
        TestEdits.fallbackAsks(mailetContainer, dnsblServers);
        TestEdits.poolAddresses(mailetContainer, "127.0.0.2", "127.0.0.3");
        SpfTestEdits.deliverTo(mailetContainer, internet.port());
        SpfTestEdits.spfAsks(mailetContainer, dnsmasq.server());
        mailetContainer.writeTo(conf);
        SpfTestEdits.sendToErrorProcessor(conf.resolve("mailetcontainer.xml"), CRASH);
    }

    @BeforeAll
    static void createUsersAndAliases(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addDomain(DOMAIN);
        data.addUser(CRASH, PASSWORD);
        data.addUser(FULL, PASSWORD);
        data.addAddressMapping("forward", DOMAIN, GONE);
        data.addAddressMapping("moved", DOMAIN, DEPARTED);
        QuotaProbesImpl quotas = server.getProbe(QuotaProbesImpl.class);
        quotas.setMaxStorage(quotas.getQuotaRoot(MailboxPath.inbox(Username.of(FULL))), QuotaSizeLimit.size(1));
    }

    @AfterAll
    static void stopFixtures() throws IOException {
        if (internet != null) {
            internet.close();
        }
        if (rbldnsd != null) {
            rbldnsd.close();
        }
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    @Test
    void bouncesPathWithholdsTheDsnOfSendersFailingSpfOnly(GuiceJamesServer server) throws Exception {
        send(server, "alice@forged.spf-it.test", FORWARD, "bounces-fail");
        send(server, "erin@soft.spf-it.test", FORWARD, "bounces-softfail");
        send(server, "carol@legit.spf-it.test", FORWARD, "bounces-pass");
        send(server, "dave@nospf.spf-it.test", FORWARD, "bounces-none");

        AWAIT.untilAsserted(() -> assertThat(bouncesTo("carol@legit.spf-it.test")).hasSize(1));
        AWAIT.untilAsserted(() -> assertThat(bouncesTo("dave@nospf.spf-it.test")).hasSize(1));
        AWAIT.untilAsserted(() -> assertThat(quarantined(server)).contains("bounces-fail", "bounces-softfail"));

        assertThat(bouncesTo("carol@legit.spf-it.test").get(0).messageText())
            .contains("Message-ID: <bounces-pass@spf-it.test>").contains(GONE);
        assertThat(internet.refusedRecipients()).containsOnly(GONE).hasSizeGreaterThanOrEqualTo(4);
        assertSpfResult(server, "bounces-fail", "fail");
        assertSpfResult(server, "bounces-softfail", "softfail");
        assertThat(quarantined(server)).doesNotContain("bounces-pass", "bounces-none");
        assertNoBounceTo("alice@forged.spf-it.test", "erin@soft.spf-it.test");
        assertThat(inErrorRepository(server)).doesNotContain("bounces-fail", "bounces-softfail", "bounces-pass", "bounces-none");
    }

    @Test
    void localAddressErrorPathWithholdsTheBounceOfASenderFailingSpf(GuiceJamesServer server) throws Exception {
        send(server, "alice-local@forged.spf-it.test", MOVED, "local-fail");
        send(server, "carol-local@legit.spf-it.test", MOVED, "local-pass");

        AWAIT.untilAsserted(() -> assertThat(bouncesTo("carol-local@legit.spf-it.test")).hasSize(1));
        AWAIT.untilAsserted(() -> assertThat(quarantined(server)).contains("local-fail"));

        assertThat(bouncesTo("carol-local@legit.spf-it.test").get(0).messageText()).contains(DEPARTED);
        assertSpfResult(server, "local-fail", "fail");
        assertThat(quarantined(server)).doesNotContain("local-pass");
        assertNoBounceTo("alice-local@forged.spf-it.test");
        assertThat(inErrorRepository(server)).doesNotContain("local-fail", "local-pass");
    }

    @Test
    void errorPathWithholdsTheBounceOfASenderFailingSpf(GuiceJamesServer server) throws Exception {
        send(server, "alice-error@forged.spf-it.test", CRASH, "error-fail");
        send(server, "carol-error@legit.spf-it.test", CRASH, "error-pass");

        AWAIT.untilAsserted(() -> assertThat(bouncesTo("carol-error@legit.spf-it.test")).hasSize(1));
        AWAIT.untilAsserted(() -> assertThat(quarantined(server)).contains("error-fail"));

        assertSpfResult(server, "error-fail", "fail");
        assertNoBounceTo("alice-error@forged.spf-it.test");
        // James's error processor keeps the failed mail after bouncing it; the quarantined one is not kept twice.
        AWAIT.untilAsserted(() -> assertThat(inErrorRepository(server)).contains("error-pass"));
        assertThat(inErrorRepository(server)).doesNotContain("error-fail");
    }

    /**
     * A mailbox over quota: LocalDelivery reports the failure with a new mail, without the client IP
     * (James writes 127.0.0.1) or any SMTP attribute. SPF against 127.0.0.1 would be "fail" for the
     * legitimate sender's "-all" record; the gate must not judge such mail, and the bounce leaves.
     */
    @Test
    void mailJamesRebuiltWithoutItsClientAddressIsBouncedAsUsual(GuiceJamesServer server) throws Exception {
        send(server, "carol-quota@legit.spf-it.test", FULL, "quota-pass");

        AWAIT.untilAsserted(() -> assertThat(bouncesTo("carol-quota@legit.spf-it.test")).hasSize(1));
        AWAIT.untilAsserted(() -> assertThat(inErrorRepository(server)).contains("quota-pass"));
        assertThat(quarantined(server)).doesNotContain("quota-pass");
    }

    @Test
    void relayingForTheInternetIsRefusedDuringSmtp(GuiceJamesServer server) throws Exception {
        try (SmtpSession smtp = SmtpSession.open(smtpPort(server), INTERNET_CLIENT)) {
            List<Integer> codes = smtp.send("alice-relay@forged.spf-it.test", message("alice-relay@forged.spf-it.test", GONE, "relay"), GONE);
            assertThat(codes).hasSize(1);
            assertThat(codes.get(0)).isBetween(500, 599);
        }
    }

    /** The three samples that bounce gate every bounce path the same way, before the bounce. */
    @Test
    void everySampleGatesItsFourBouncePathsBeforeTheBounce() throws Exception {
        for (String sample : List.of("complete", "inbound-protection", "outbound-ndr-pool")) {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(SampleFile.SAMPLES.resolve(sample).resolve("mailetcontainer.xml").toFile());
            XPath xpath = XPathFactory.newInstance().newXPath();
            for (String processor : SpfTestEdits.BOUNCE_PATHS) {
                String where = sample + " " + processor;
                Element matcher = (Element) xpath.evaluate(SpfTestEdits.spfMatcher(processor), document, XPathConstants.NODE);
                assertThat(matcher).as(where).isNotNull();
                assertThat(matcher.getAttribute("match")).as(where)
                    .isEqualTo("io.github.backscatterguard.james.matchers.SpfResultIs=fail,softfail,permerror");
                NodeList mailets = (NodeList) xpath.evaluate("//processor[@state='" + processor + "']/mailet", document, XPathConstants.NODESET);
                List<String> order = new ArrayList<>();
                for (int i = 0; i < mailets.getLength(); i++) {
                    Element mailet = (Element) mailets.item(i);
                    order.add(mailet.getAttribute("match") + " " + mailet.getAttribute("class"));
                }
                String bounce = processor.equals("bounces") ? "All DSNBounce" : "All Bounce";
                assertThat(order).as(where).contains("spf-forged-sender ToRepository", bounce);
                assertThat(order.indexOf("spf-forged-sender ToRepository")).as(where).isLessThan(order.indexOf(bounce));
                assertThat(xpath.evaluate("//processor[@state='" + processor + "']/mailet[@match='spf-forged-sender']/repositoryPath", document))
                    .as(where).isEqualTo("memory://var/mail/spf-quarantine/");
            }
        }
    }

    private static int smtpPort(GuiceJamesServer server) {
        return server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
    }

    /** One mail from the Internet client, accepted by James (250 to RCPT and DATA). */
    private static void send(GuiceJamesServer server, String sender, String recipient, String id) throws Exception {
        try (SmtpSession smtp = SmtpSession.open(smtpPort(server), INTERNET_CLIENT)) {
            assertThat(smtp.send(sender, message(sender, recipient, id), recipient)).as(smtp.replies().toString()).containsExactly(250, 250);
        }
    }

    private static String message(String from, String to, String id) throws IOException {
        return SampleJames.resource("spf-it/message.eml").replace("${from}", from).replace("${to}", to).replace("${id}", id)
            .replace("\r\n", "\n").replace("\n", "\r\n");
    }

    /** Deliveries from the null sender to this address that reached "the Internet". */
    private static List<SmtpSink.Delivery> bouncesTo(String address) {
        return internet.deliveries().stream()
            .filter(delivery -> delivery.sender().isEmpty() && delivery.recipients().contains(address))
            .collect(Collectors.toList());
    }

    private static void assertNoBounceTo(String... addresses) {
        for (String address : addresses) {
            assertThat(internet.deliveries()).as("mail sent to " + address)
                .noneMatch(delivery -> delivery.recipients().contains(address));
        }
    }

    /** The test ids (Message-ID local parts) of the mails in the SPF quarantine. */
    private static List<String> quarantined(GuiceJamesServer server) throws Exception {
        return ids(server, SPF_QUARANTINE);
    }

    private static List<String> inErrorRepository(GuiceJamesServer server) throws Exception {
        return ids(server, ERROR);
    }

    private static List<String> ids(GuiceJamesServer server, MailRepositoryUrl url) throws Exception {
        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);
        List<String> ids = new ArrayList<>();
        for (MailKey key : repositories.listMailKeys(url)) {
            Mail mail = repositories.getMail(url, key);
            String messageId = mail.getMessage().getMessageID();
            ids.add(messageId.substring(1, messageId.indexOf('@')));
        }
        return ids;
    }

    /** The quarantined mail with this id carries the SPF result the gate found. */
    private static void assertSpfResult(GuiceJamesServer server, String id, String result) throws Exception {
        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);
        Optional<Mail> found = Optional.empty();
        for (MailKey key : repositories.listMailKeys(SPF_QUARANTINE)) {
            Mail mail = repositories.getMail(SPF_QUARANTINE, key);
            if (mail.getMessage().getMessageID().equals("<" + id + "@spf-it.test>")) {
                found = Optional.of(mail);
            }
        }
        assertThat(found).as("quarantined mail " + id).isPresent();
        assertThat(found.get().getAttribute(org.apache.mailet.AttributeName.of("io.github.backscatterguard.spf.result"))
            .map(attribute -> (Object) attribute.getValue().value()))
            .contains(result);
    }
}
