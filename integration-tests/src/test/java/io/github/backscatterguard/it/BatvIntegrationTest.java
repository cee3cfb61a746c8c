package io.github.backscatterguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Durations.ONE_MINUTE;
import static org.awaitility.Durations.TWO_HUNDRED_MILLISECONDS;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.backscatterguard.batv.BatvKeyRing;
import io.github.backscatterguard.batv.PrvsCheck;
import io.github.backscatterguard.batv.PrvsCodec;

/**
 * {@code conf-samples/batv} in a real James 3.8.1: a local user's mail to a remote domain leaves
 * through RemoteDelivery to a real SMTP server on loopback ({@link SmtpSink}, "the Internet") with a
 * prvs-signed envelope sender ({@code BatvSign}); the bounce of that mail, sent back over real SMTP
 * with {@code MAIL FROM:<>} to the signed address, is accepted ({@code BatvRcptHook}) and delivered
 * to the original mailbox ({@code BatvStrip}), read back over IMAP; forged bounces (to the plain
 * address, with a signature made for another address, expired) are refused at RCPT with
 * {@code 550 5.7.1}. A second listener, the sample's with the hook in {@code tag-only} mode (the
 * README's roll-out step), accepts an unsigned bounce and marks it with the status header.
 *
 * <p>The sample's files are used as they are, except for what a test JVM must change
 * ({@link TestEdits}: the SMTP port, RemoteDelivery's gateway) and the key file path, which points
 * to a key written for this run into James's temporary {@code conf/}.
 */
class BatvIntegrationTest {
    private static final String SAMPLE = "batv";
    private static final String HOOK = "//handler[@class='io.github.backscatterguard.james.smtp.BatvRcptHook']";
    private static final String SIGN = "//processor[@state='relay']/mailet[@class='io.github.backscatterguard.james.mailets.BatvSign']";
    private static final String STRIP = "//processor[@state='root']/mailet[@class='io.github.backscatterguard.james.mailets.BatvStrip']";

    private static final String DOMAIN = "batv.test";
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String POSTMASTER = "postmaster@" + DOMAIN;
    private static final String CAROL = "carol@" + DOMAIN;
    private static final String PASSWORD = "secret";
    private static final String REMOTE = "bob@remote.example";
    private static final String CLIENT = "127.0.0.1";

    private static final ConditionFactory AWAIT = Awaitility.with().pollInterval(TWO_HUNDRED_MILLISECONDS).await().atMost(ONE_MINUTE);

    private static SmtpSink internet;
    private static Path keyFile;
    private static int validityDays;
    private static int tagOnlyPort;

    @RegisterExtension
    static JamesServerExtension james = SampleJames.perClass(BatvIntegrationTest::writeSample);

    private static void writeSample(Path conf) throws Exception {
        internet = SmtpSink.start();
        keyFile = conf.resolve("batv.keys");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Files.writeString(keyFile, "# written by BatvIntegrationTest\n0 " + Base64.getEncoder().encodeToString(secret) + "\n");

        TestEdits.smtpOnLoopback(SampleFile.load(SAMPLE, "smtpserver.xml"))
            .setText(HOOK + "/keyFile", keyFile.toString())
            .writeTo(conf);
        addTagOnlyListener(conf.resolve("smtpserver.xml"));
        SampleFile mailetContainer = SampleFile.load(SAMPLE, "mailetcontainer.xml");
        TestEdits.deliverToSink(mailetContainer, internet);
        mailetContainer.setText(SIGN + "/keyFile", keyFile.toString()).setText(STRIP + "/keyFile", keyFile.toString());
        validityDays = (int) io.github.backscatterguard.config.Durations.parse(mailetContainer.text(SIGN + "/validity")).toDays();
        mailetContainer.writeTo(conf);
    }

    /**
     * A second listener, a copy of the sample's with the hook in {@code tag-only} mode, as the README's
     * roll-out step 1 has it (the sample's own listener stays in reject mode).
     */
    private static void addTagOnlyListener(Path smtpServerXml) throws IOException {
        String text = Files.readString(smtpServerXml);
        int start = text.indexOf("<smtpserver ");
        int end = text.indexOf("</smtpserver>") + "</smtpserver>".length();
        String listener = text.substring(start, end);
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            tagOnlyPort = socket.getLocalPort();
        }
        String tagOnly = replaceOnce(replaceOnce(replaceOnce(listener,
            "<jmxName>smtpserver-global</jmxName>", "<jmxName>smtpserver-tag-only</jmxName>"),
            "<bind>127.0.0.1:0</bind>", "<bind>127.0.0.1:" + tagOnlyPort + "</bind>"),
            "<mode>reject</mode>", "<mode>tag-only</mode>");
        Files.writeString(smtpServerXml, text.substring(0, end) + "\n    " + tagOnly + text.substring(end));
    }

    private static String replaceOnce(String text, String target, String replacement) {
        if (text.indexOf(target) < 0 || text.indexOf(target) != text.lastIndexOf(target)) {
            throw new IllegalStateException("expected " + target + " once in the sample's listener");
        }
        return text.replace(target, replacement);
    }

    @BeforeAll
    static void createUsers(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addDomain(DOMAIN);
        data.addUser(ALICE, PASSWORD);
        data.addUser(POSTMASTER, PASSWORD);
        data.addUser(CAROL, PASSWORD);
    }

    @AfterAll
    static void stopTheInternet() throws IOException {
        if (internet != null) {
            internet.close();
        }
    }

    /** A codec over the run's key file with the sample's validity, at {@code now}. */
    private static PrvsCodec codecAt(Instant now) throws IOException {
        return new PrvsCodec(BatvKeyRing.read(keyFile), Duration.ofDays(validityDays), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static SmtpSession smtp(GuiceJamesServer server) throws IOException {
        return SmtpSession.open(server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue(), SampleJames.address(CLIENT));
    }

    private static List<Integer> bounce(GuiceJamesServer server, String recipient, String id, List<String> replies) throws IOException {
        try (SmtpSession smtp = smtp(server)) {
            List<Integer> codes = smtp.send("", SampleJames.message("batv-it/ndr.eml", recipient, id), recipient);
            replies.addAll(smtp.replies());
            return codes;
        }
    }

    @Test
    void outboundMailLeavesSignedAndItsBounceReachesTheOriginalMailbox(GuiceJamesServer server) throws Exception {
        try (SmtpSession smtp = smtp(server)) {
            assertThat(smtp.send(ALICE, SampleJames.message("batv-it/outbound.eml", REMOTE, "out-1"), REMOTE))
                .as("relaying: %s", smtp.replies()).containsExactly(250, 250);
        }
        SmtpSink.Delivery delivered = AWAIT.until(() -> deliveryOf("Subject: Outbound out-1"), Optional::isPresent).orElseThrow();

        String signedSender = delivered.sender();
        assertThat(delivered.recipients()).containsExactly(REMOTE);
        assertThat(signedSender).matches("prvs=0[0-9]{3}[0-9a-f]{6}=" + ALICE);
        PrvsCheck check = codecAt(Instant.now()).verify(signedSender);
        assertThat(check.status()).isEqualTo(PrvsCheck.Status.VALID);
        assertThat(check.original()).contains(ALICE);

        List<String> replies = new java.util.ArrayList<>();
        assertThat(bounce(server, signedSender, "ndr-1", replies)).as("bounce to %s: %s", signedSender, replies).containsExactly(250, 250);

        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort())
                .login(ALICE, PASSWORD).select(TestIMAPClient.INBOX).awaitMessageCount(AWAIT, 1);
            String message = imap.readFirstMessage();
            assertThat(message).contains("Subject: Undelivered Mail Returned to Sender ndr-1")
                .contains("Delivered-To: " + ALICE);
        }
    }

    @Test
    void aForgedBounceToThePlainAddressIsRefusedAtRcpt(GuiceJamesServer server) throws Exception {
        List<String> replies = new java.util.ArrayList<>();

        assertThat(bounce(server, ALICE, "forged-plain", replies)).containsExactly(550);
        assertThat(replies.get(0)).startsWith("550 5.7.1 BATV: no valid signature (not-tagged)");
    }

    @Test
    void aBounceWithASignatureMadeForAnotherAddressIsRefusedAtRcpt(GuiceJamesServer server) throws Exception {
        String signedForCarol = codecAt(Instant.now()).sign("carol@" + DOMAIN);
        String moved = signedForCarol.replace("=carol@", "=alice@");
        List<String> replies = new java.util.ArrayList<>();

        assertThat(bounce(server, moved, "forged-moved", replies)).containsExactly(550);
        assertThat(replies.get(0)).startsWith("550 5.7.1 BATV: no valid signature (bad-signature)");
    }

    @Test
    void aBounceToAnExpiredSignatureIsRefusedAtRcpt(GuiceJamesServer server) throws Exception {
        String expired = codecAt(Instant.now().minus(Duration.ofDays(validityDays + 2L))).sign(ALICE);
        List<String> replies = new java.util.ArrayList<>();

        assertThat(bounce(server, expired, "expired", replies)).containsExactly(550);
        assertThat(replies.get(0)).startsWith("550 5.7.1 BATV: no valid signature (expired)");
    }

    @Test
    void aBounceToThePlainPostmasterIsAccepted(GuiceJamesServer server) throws Exception {
        List<String> replies = new java.util.ArrayList<>();

        assertThat(bounce(server, POSTMASTER, "to-postmaster", replies)).as("%s", replies).containsExactly(250, 250);
    }

    @Test
    void tagOnlyAcceptsAnUnsignedBounceAndMarksItWithTheStatus(GuiceJamesServer server) throws Exception {
        String planted = "X-Backscatter-Guard-BATV: valid\r\n";
        try (SmtpSession smtp = SmtpSession.open(tagOnlyPort, SampleJames.address(CLIENT))) {
            assertThat(smtp.send("", planted + SampleJames.message("batv-it/ndr.eml", CAROL, "tag-only"), CAROL))
                .as("%s", smtp.replies()).containsExactly(250, 250);
        }

        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort())
                .login(CAROL, PASSWORD).select(TestIMAPClient.INBOX).awaitMessageCount(AWAIT, 1);
            String headers = imap.readFirstMessageHeaders();
            assertThat(headers).contains("X-Backscatter-Guard-BATV: not-tagged").doesNotContain("X-Backscatter-Guard-BATV: valid");
        }
    }

    private static Optional<SmtpSink.Delivery> deliveryOf(String marker) {
        return internet.deliveries().stream().filter(delivery -> delivery.messageText().contains(marker)).findFirst();
    }
}
