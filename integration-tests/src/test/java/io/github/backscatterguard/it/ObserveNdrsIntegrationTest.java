package io.github.backscatterguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Durations.ONE_MINUTE;
import static org.awaitility.Durations.TWO_HUNDRED_MILLISECONDS;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.InMemoryDNSService;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.james.utils.SMTPMessageSender;
import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The observe-mode sample ({@code conf-samples/observe-ndrs}) in a real James 3.8.1 memory server:
 * mail arrives over real SMTP on loopback, is read back over real IMAP, and only the delivery status
 * notification carries the {@code X-Backscatter-Guard} header; a header forged by a sender is removed.
 * Nothing is lost on the way.
 *
 * <p>The sample's {@code mailetcontainer.xml} is a test resource root of this module (see the pom), so
 * the file under test is the one an administrator copies, byte for byte.
 */
class ObserveNdrsIntegrationTest {

    private static final String DOMAIN = "guard.test";
    private static final String BOB = "bob@" + DOMAIN;
    private static final String PASSWORD = "bob-secret";
    private static final String VERDICT_HEADER = "X-Backscatter-Guard";

    private static final String DSN_ID = "<20240102101503.DSN0001@mx.remote.example>";
    private static final String REGULAR_ID = "<20240102110200.REG0001@partner.example>";
    private static final String AUTO_REPLY_ID = "<20240102113000.AUTO0001@partner.example>";
    private static final String FORGED_ID = "<20240102120000.FORGED0001@partner.example>";

    private static final ConditionFactory AWAIT = Awaitility.with()
        .pollInterval(TWO_HUNDRED_MILLISECONDS)
        .await()
        .atMost(ONE_MINUTE);

    // The server resolves nothing on the network: every name it looks up is answered from memory.
    private static final InMemoryDNSService DNS = new InMemoryDNSService();

    @RegisterExtension
    static JamesServerExtension james = new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir ->
            MemoryJamesConfiguration.builder()
                .workingDirectory(tmpDir)
                .configurationFromClasspath()
                .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
                .build())
        .server(configuration -> MemoryJamesServerMain.createServer(configuration)
            .overrideWith(binder -> binder.bind(DNSService.class).toInstance(DNS)))
        .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
        .build();

    private static final TestIMAPClient IMAP = new TestIMAPClient();

    /** Headers of every message in Bob's INBOX, keyed by Message-ID. */
    private static Map<String, MessageHeaders> inbox;

    @BeforeAll
    static void deliverFourMessagesOverSmtp(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addDomain(DOMAIN);
        data.addUser(BOB, PASSWORD);

        int smtpPort = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
        send(smtpPort, "", "eml/dsn-user-unknown.eml");
        send(smtpPort, "alice@partner.example", "eml/regular.eml");
        // Many auto-responders send from the null reverse-path, as bounces do: a null sender alone is no NDR.
        send(smtpPort, "", "eml/auto-reply.eml");
        send(smtpPort, "mallory@partner.example", "eml/forged-verdict.eml");

        IMAP.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort())
            .login(BOB, PASSWORD)
            .select(TestIMAPClient.INBOX)
            .awaitMessageCount(AWAIT, 4);
        inbox = fetchInboxHeaders(4);
    }

    @AfterAll
    static void closeImap() throws IOException {
        IMAP.close();
    }

    @Test
    void everyMessageReachesTheInbox() {
        assertThat(inbox).containsOnlyKeys(DSN_ID, REGULAR_ID, AUTO_REPLY_ID, FORGED_ID);
    }

    @Test
    void noMailEndsInAnErrorOrBounceRepository(GuiceJamesServer server) throws Exception {
        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);

        List<MailRepositoryUrl> urls = repositories.listRepositoryUrls();
        assertThat(urls).as("repositories declared by the sample's mailetcontainer.xml")
            .contains(MailRepositoryUrl.from("memory://var/mail/error/"));
        for (MailRepositoryUrl url : urls) {
            assertThat(repositories.getRepositoryMailCount(url)).as("mails in %s", url.asString()).isZero();
        }
    }

    @Test
    void theDeliveryStatusNotificationIsMarkedAsNdrWithItsEvidence() {
        List<String> verdicts = inbox.get(DSN_ID).values(VERDICT_HEADER);

        assertThat(verdicts).hasSize(1);
        Matcher verdict = Pattern.compile("ndr; evidence=(.+)").matcher(verdicts.get(0));
        assertThat(verdict.matches()).as("header value %s", verdicts.get(0)).isTrue();
        List<String> evidence = Arrays.stream(verdict.group(1).split(","))
            .map(String::trim)
            .collect(Collectors.toList());
        assertThat(evidence).contains("null-sender", "status=5.1.1");
    }

    @Test
    void theRegularMailIsNotMarked() {
        assertThat(inbox.get(REGULAR_ID).values(VERDICT_HEADER)).isEmpty();
    }

    @Test
    void theAutoReplyIsNotMarkedThoughItsSenderIsNull() {
        assertThat(inbox.get(AUTO_REPLY_ID).values(VERDICT_HEADER)).isEmpty();
    }

    @Test
    void aVerdictHeaderWrittenByTheSenderIsRemoved() {
        assertThat(inbox.get(FORGED_ID).values(VERDICT_HEADER)).isEmpty();
    }

    @Test
    void anImapHeaderSearchFindsExactlyTheNdr() throws IOException {
        // What the README tells an administrator to run: which messages did the guard mark?
        String reply = IMAP.sendCommand("SEARCH HEADER " + VERDICT_HEADER + " \"ndr\"");

        Matcher searchResult = Pattern.compile("^\\* SEARCH(.*)$", Pattern.MULTILINE).matcher(reply);
        assertThat(searchResult.find()).as("IMAP reply %s", reply).isTrue();
        List<Integer> found = Arrays.stream(searchResult.group(1).trim().split("\\s+"))
            .filter(token -> !token.isEmpty())
            .map(Integer::valueOf)
            .collect(Collectors.toList());
        assertThat(found).containsExactly(inbox.get(DSN_ID).sequenceNumber());
    }

    private static void send(int smtpPort, String envelopeSender, String resource) throws IOException {
        try (SMTPMessageSender smtp = SMTPMessageSender.noAuthentication("127.0.0.1", smtpPort, "client.remote.example")) {
            smtp.sendMessageWithHeaders(envelopeSender, BOB, readCrlf(resource));
        }
    }

    private static String readCrlf(String resource) throws IOException {
        try (InputStream in = ObserveNdrsIntegrationTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return text.replace("\r\n", "\n").replace("\n", "\r\n");
        }
    }

    private static Map<String, MessageHeaders> fetchInboxHeaders(int count) throws IOException {
        Map<String, MessageHeaders> byMessageId = new HashMap<>();
        for (int sequenceNumber = 1; sequenceNumber <= count; sequenceNumber++) {
            String reply = IMAP.sendCommand("FETCH " + sequenceNumber + " (BODY.PEEK[HEADER])");
            MessageHeaders headers = MessageHeaders.fromFetchReply(sequenceNumber, reply);
            byMessageId.put(headers.values("Message-ID").get(0), headers);
        }
        return byMessageId;
    }
}
