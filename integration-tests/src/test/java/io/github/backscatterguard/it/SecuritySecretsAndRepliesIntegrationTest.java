package io.github.backscatterguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Durations.ONE_MINUTE;
import static org.awaitility.Durations.TWO_HUNDRED_MILLISECONDS;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.tests.RecordingMetricFactory;
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

import io.github.backscatterguard.batv.BatvKey;
import io.github.backscatterguard.batv.BatvKeyRing;
import io.github.backscatterguard.batv.PrvsCodec;
import io.github.backscatterguard.dnsbl.ScriptedDnsServer;
import io.github.backscatterguard.dnsbl.ScriptedDnsServer.Script;
import io.github.backscatterguard.dnsbl.ScriptedDnsServer.UdpReply;
import io.github.backscatterguard.james.dnsbl.JamesDnsblMetrics;

/**
 * What the extension lets out, in a real James 3.8.1 running {@code conf-samples/batv} (keys of a
 * known secret, written for the run) plus three listeners for clients outside the authorised
 * network, which add a safe-mode DNSBL hook (a {@link ScriptedDnsServer} lists 127.0.0.66 in one
 * zone with a plain TXT reason, 127.0.0.69 in another with a hostile one, a third zone answers
 * SERVFAIL) and the multi-recipient bounce hook in front of the sample's BATV hook.
 *
 * <p>One run of every scenario ({@link #runTheScenarios}): the BATV round trip (signed outbound mail,
 * its bounce delivered), forged bounces of every BATV status, DNSBL refusals and a DNSBL failure,
 * a multi-recipient bounce. Then: (a) no BATV secret, in clear, hex or Base64, in any log line (ours at
 * DEBUG, James's at INFO), metric name, SMTP reply, envelope or message that left or was delivered;
 * (b) every SMTP reply is one bounded line naming no exception, stack frame, Java package, file
 * path, key file or address of the DNS server.
 */
class SecuritySecretsAndRepliesIntegrationTest {
    private static final String SAMPLE = "batv";
    private static final String HOOK = "//handler[@class='io.github.backscatterguard.james.smtp.BatvRcptHook']";
    private static final String SIGN = "//processor[@state='relay']/mailet[@class='io.github.backscatterguard.james.mailets.BatvSign']";
    private static final String STRIP = "//processor[@state='root']/mailet[@class='io.github.backscatterguard.james.mailets.BatvStrip']";

    private static final String DOMAIN = "batv.test";
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String CAROL = "carol@" + DOMAIN;
    private static final String PASSWORD = "secret";
    private static final String REMOTE = "bob@remote.example";
    private static final String TRUSTED_CLIENT = "127.0.0.1";
    private static final String LISTED_CLIENT = "127.0.0.66";
    private static final String HOSTILE_LISTED_CLIENT = "127.0.0.69";
    private static final String UNLISTED_CLIENT = "127.0.0.70";
    private static final String LISTED_ZONE = "listed.security.test";
    private static final String HOSTILE_ZONE = "hostile.security.test";
    private static final String FAILING_ZONE = "servfail.security.test";
    private static final String HOSTILE_TXT = "Listed\r\n250 2.1.5 injected line\r\n" + "x".repeat(600);

    /** The signing key and an older one still accepted: both are secrets. */
    private static final String SECRET = "bg-batv-secret-" + hex(randomBytes());
    private static final String OLD_SECRET = "bg-batv-old-secret-" + hex(randomBytes());

    private static final ConditionFactory AWAIT = Awaitility.with().pollInterval(TWO_HUNDRED_MILLISECONDS).await().atMost(ONE_MINUTE);
    private static final RecordingMetricFactory METRICS = new RecordingMetricFactory();
    private static final List<String> REPLIES = Collections.synchronizedList(new ArrayList<>());

    private static SecurityLogCapture logs;
    private static SmtpSink internet;
    private static ScriptedDnsServer dns;
    private static Path confDirectory;
    private static Path keyFile;
    private static int validityDays;
    private static final Map<String, Integer> UNTRUSTED_PORTS = new HashMap<>();
    private static final List<String> DELIVERED_TO_MAILBOXES = new ArrayList<>();

    @RegisterExtension
    static JamesServerExtension james = new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir -> {
            Path conf = tmpDir.toPath().resolve("conf");
            try {
                Files.createDirectories(conf);
                for (String file : List.of("domainlist.xml", "usersrepository.xml", "pop3server.xml", "dnsservice.xml", "imapserver.xml")) {
                    Files.writeString(conf.resolve(file), SampleJames.resource(file));
                }
                writeSample(conf);
            } catch (Exception e) {
                throw new IllegalStateException("cannot prepare the James configuration", e);
            }
            return MemoryJamesConfiguration.builder()
                .workingDirectory(tmpDir)
                .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
                .build();
        })
        .server(configuration -> MemoryJamesServerMain.createServer(configuration)
            .overrideWith(binder -> binder.bind(DNSService.class).toInstance(new LiteralResolvingDnsService()))
            .overrideWith(binder -> binder.bind(MetricFactory.class).toInstance(METRICS)))
        .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
        .build();

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b & 0xff));
        }
        return hex.toString();
    }

    private static void writeSample(Path conf) throws Exception {
        // Before James starts, so its start-up and the hooks' and mailets' init are captured too.
        logs = SecurityLogCapture.start();
        confDirectory = conf;
        internet = SmtpSink.start();
        dns = ScriptedDnsServer.start()
            .script(LISTED_ZONE, Script.answer("127.0.0.2").withTxt("Sent backscatter, see https://bl.test/?" + LISTED_CLIENT)
                .listing(LISTED_CLIENT))
            .script(HOSTILE_ZONE, Script.answer("127.0.0.2").withTxt(HOSTILE_TXT).listing(HOSTILE_LISTED_CLIENT))
            .script(FAILING_ZONE, Script.udp(UdpReply.SERVFAIL));
        keyFile = conf.resolve("batv.keys");
        Files.writeString(keyFile, "# written by SecuritySecretsAndRepliesIntegrationTest\n0 " + SECRET + "\n1 " + OLD_SECRET + "\n");

        TestEdits.smtpOnLoopback(SampleFile.load(SAMPLE, "smtpserver.xml"))
            .setText(HOOK + "/keyFile", keyFile.toString())
            .writeTo(conf);
        addUntrustedListeners(conf.resolve("smtpserver.xml"));
        SampleFile mailetContainer = SampleFile.load(SAMPLE, "mailetcontainer.xml");
        TestEdits.deliverToSink(mailetContainer, internet);
        mailetContainer.setText(SIGN + "/keyFile", keyFile.toString()).setText(STRIP + "/keyFile", keyFile.toString());
        validityDays = (int) io.github.backscatterguard.config.Durations.parse(mailetContainer.text(SIGN + "/validity")).toDays();
        mailetContainer.writeTo(conf);
    }

    /**
     * Copies of the sample's listener for clients outside the authorised network (the sample trusts
     * 127.0.0.0/8, and the DNSBL and multi-recipient hooks never judge trusted clients), one per
     * DNSBL zone (James names a hook's JMX bean after its class: one SafeModeDnsblHook per chain),
     * with those hooks in front of the sample's BATV hook.
     */
    private static void addUntrustedListeners(Path smtpServerXml) throws IOException {
        String text = Files.readString(smtpServerXml);
        int start = text.indexOf("<smtpserver ");
        int end = text.indexOf("</smtpserver>") + "</smtpserver>".length();
        StringBuilder listeners = new StringBuilder();
        for (String zone : List.of(LISTED_ZONE, HOSTILE_ZONE, FAILING_ZONE)) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            UNTRUSTED_PORTS.put(zone, port);
            String hooks = "<handlerchain>\n" + dnsblHook(zone)
                + "            <handler class=\"io.github.backscatterguard.james.smtp.MultiRecipientBounceHook\"/>\n";
            listeners.append("\n    ").append(replaceOnce(replaceOnce(replaceOnce(text.substring(start, end),
                "<jmxName>smtpserver-global</jmxName>", "<jmxName>smtpserver-untrusted-" + zone.substring(0, zone.indexOf('.')) + "</jmxName>"),
                "<bind>127.0.0.1:0</bind>", "<bind>127.0.0.1:" + port + "</bind>"),
                "<handlerchain>", hooks)
                .replaceAll("<authorizedAddresses>[^<]*</authorizedAddresses>", "")
                // A test listener: stop at once instead of waiting for idle connections.
                .replace("</handlerchain>", "</handlerchain>\n        <gracefulShutdown>false</gracefulShutdown>"));
        }
        Files.writeString(smtpServerXml, text.substring(0, end) + listeners + text.substring(end));
    }

    private static String dnsblHook(String zone) {
        return "            <handler class=\"io.github.backscatterguard.james.smtp.SafeModeDnsblHook\">\n"
            + "                <zone>" + zone + "=127.0.0.2</zone>\n"
            + "                <dnsServers>" + dns.hostAndPort() + "</dnsServers>\n"
            + "                <timeout>500ms</timeout>\n"
            + "            </handler>\n";
    }

    private static String replaceOnce(String text, String target, String replacement) {
        if (text.indexOf(target) < 0 || text.indexOf(target) != text.lastIndexOf(target)) {
            throw new IllegalStateException("expected " + target + " once in the sample's listener");
        }
        return text.replace(target, replacement);
    }

    @BeforeAll
    static void runTheScenarios(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addDomain(DOMAIN);
        data.addUser(ALICE, PASSWORD);
        data.addUser(CAROL, PASSWORD);
        data.addUser("postmaster@" + DOMAIN, PASSWORD);
        int samplePort = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();

        // The BATV round trip: alice's mail leaves signed, its bounce comes back and is delivered.
        send(samplePort, TRUSTED_CLIENT, ALICE, SampleJames.message("batv-it/outbound.eml", REMOTE, "out-1"), REMOTE);
        SmtpSink.Delivery outbound = AWAIT.until(() -> deliveryOf("Subject: Outbound out-1"), Optional::isPresent).orElseThrow();
        String signed = outbound.sender();
        assertThat(signed).startsWith("prvs=");
        assertThat(send(samplePort, TRUSTED_CLIENT, "", SampleJames.message("batv-it/ndr.eml", signed, "ndr-1"), signed))
            .containsExactly(250, 250);

        // Forged bounces, one per way a signature can be wrong, and a reply to a badly signed address.
        PrvsCodec codec = codec(BatvKeyRing.read(keyFile), Instant.now());
        String movedSignature = codec.sign(CAROL).replace("=carol@", "=alice@");
        String expired = codec(BatvKeyRing.read(keyFile), Instant.now().minus(Duration.ofDays(validityDays + 2L))).sign(ALICE);
        String unknownKey = codec(BatvKeyRing.of(List.of(new BatvKey(5, "not-our-key"))), Instant.now()).sign(ALICE);
        String unknownUser = codec.sign("nobody@" + DOMAIN);
        for (String forged : List.of(ALICE, movedSignature, expired, unknownKey, unknownUser)) {
            send(samplePort, TRUSTED_CLIENT, "", SampleJames.message("batv-it/ndr.eml", forged, "forged"), forged);
        }
        send(samplePort, TRUSTED_CLIENT, "someone@remote.example", SampleJames.message("batv-it/ndr.eml", movedSignature, "reply"), movedSignature);

        // Clients outside the authorised network: two listed IPs, one DNS failure, one multi-recipient bounce.
        String signedAlice = codec.sign(ALICE);
        String signedCarol = codec.sign(CAROL);
        assertThat(send(UNTRUSTED_PORTS.get(LISTED_ZONE), LISTED_CLIENT, "", SampleJames.message("batv-it/ndr.eml", signedAlice, "listed"), signedAlice))
            .containsExactly(554);
        assertThat(send(UNTRUSTED_PORTS.get(HOSTILE_ZONE), HOSTILE_LISTED_CLIENT, "", SampleJames.message("batv-it/ndr.eml", signedAlice, "hostile"), signedAlice))
            .containsExactly(554);
        assertThat(send(UNTRUSTED_PORTS.get(FAILING_ZONE), UNLISTED_CLIENT, "", SampleJames.message("batv-it/ndr.eml", signedAlice, "dns-failed"), signedAlice))
            .containsExactly(250, 250);
        assertThat(send(UNTRUSTED_PORTS.get(FAILING_ZONE), UNLISTED_CLIENT, "", SampleJames.message("batv-it/ndr.eml", signedAlice, "multi"), signedAlice, signedCarol))
            .containsExactly(250, 250, 550);

        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort())
                .login(ALICE, PASSWORD).select(TestIMAPClient.INBOX).awaitMessageCount(AWAIT, 2);
            DELIVERED_TO_MAILBOXES.add(imap.sendCommand("FETCH 1:* (BODY.PEEK[])"));
        }
    }

    private static PrvsCodec codec(BatvKeyRing keys, Instant now) {
        return new PrvsCodec(keys, Duration.ofDays(validityDays), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static List<Integer> send(int port, String client, String sender, String message, String... recipients) throws IOException {
        try (SmtpSession smtp = SmtpSession.open(port, SampleJames.address(client))) {
            List<Integer> codes = smtp.send(sender, message, recipients);
            REPLIES.addAll(smtp.replies());
            return codes;
        }
    }

    @AfterAll
    static void stopEverything() throws IOException {
        if (logs != null) {
            logs.close();
        }
        if (internet != null) {
            internet.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static Optional<SmtpSink.Delivery> deliveryOf(String marker) {
        return internet.deliveries().stream().filter(delivery -> delivery.messageText().contains(marker)).findFirst();
    }

    /** The secrets as they could leak: in clear, and the UTF-8 bytes in hex or Base64. */
    private static List<String> secretForms() {
        List<String> forms = new ArrayList<>();
        for (String secret : List.of(SECRET, OLD_SECRET)) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            forms.add(secret);
            forms.add(hex(bytes));
            forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        }
        return forms;
    }

    private static void assertNoSecretIn(String what, List<String> texts) {
        for (String text : texts) {
            for (String secret : secretForms()) {
                assertThat(text.toLowerCase(Locale.ROOT)).as("%s must not contain a BATV secret:%n%s", what, text)
                    .doesNotContain(secret.toLowerCase(Locale.ROOT));
            }
        }
    }

    @Test
    void noSecretInAnyLogLine() {
        List<String> lines = logs.lines();

        // The capture works: the extension's init and decision lines are in it.
        assertThat(String.join("\n", lines))
            .contains("BatvRcptHook: checking BATV signatures")
            .contains("BatvRcptHook: refused RCPT")
            .contains("SafeModeDnsblHook: refused RCPT")
            .contains("DNSBL " + FAILING_ZONE);
        assertNoSecretIn("a log line", lines);
    }

    @Test
    void noSecretInAnyMetric() {
        List<String> names = new ArrayList<>(METRICS.countForPrefixName("").keySet());
        names.addAll(METRICS.executionTimesForPrefixName("").keySet());

        assertThat(names).contains(JamesDnsblMetrics.name("listed", LISTED_ZONE));
        assertNoSecretIn("a metric name", names);
    }

    @Test
    void noSecretInWhatLeftOrWasDelivered() {
        List<String> texts = new ArrayList<>(DELIVERED_TO_MAILBOXES);
        for (SmtpSink.Delivery delivery : internet.deliveries()) {
            texts.add(delivery.heloName() + " <" + delivery.sender() + "> " + delivery.recipients() + "\n" + delivery.messageText());
        }

        assertThat(texts).hasSizeGreaterThanOrEqualTo(2);
        assertThat(String.join("\n", DELIVERED_TO_MAILBOXES)).contains("Undelivered Mail Returned to Sender ndr-1")
            .contains("Undelivered Mail Returned to Sender dns-failed");
        assertNoSecretIn("a message or envelope", texts);
    }

    @Test
    void noSecretInAnySmtpReply() {
        assertNoSecretIn("an SMTP reply", REPLIES);
    }

    private static final List<Pattern> INTERNAL = List.of(
        Pattern.compile("(?i)exception|throwable|caused by|\\berror:"),
        Pattern.compile("\\bat [a-z_$][\\w$]*\\.[\\w$.]+\\("),
        Pattern.compile("\\.java\\b|\\.xml\\b|\\.keys\\b"),
        Pattern.compile("\\b(java|javax|jakarta|org|io|com|net|sun|reactor)\\.[a-z_][a-z0-9_]*\\."),
        Pattern.compile("(^|[\\s'\"(=:])(/|[A-Za-z]:\\\\)(tmp|etc|var|home|root|work|opt|usr)\\b"),
        Pattern.compile("file:"));

    @Test
    void smtpRepliesRevealNothingInternalBeyondTheListing() {
        List<String> replies = List.copyOf(REPLIES);
        // Every refusal the hooks can give is among them, so the check below is not vacuous.
        assertThat(replies)
            .anySatisfy(reply -> assertThat(reply).startsWith("554 5.7.1").contains(LISTED_ZONE).contains("https://bl.test/?" + LISTED_CLIENT))
            .anySatisfy(reply -> assertThat(reply).startsWith("554 5.7.1").contains(HOSTILE_ZONE))
            .anySatisfy(reply -> assertThat(reply).startsWith("550 5.7.1 BATV: no valid signature (not-tagged)"))
            .anySatisfy(reply -> assertThat(reply).startsWith("550 5.7.1 BATV: no valid signature (bad-signature)"))
            .anySatisfy(reply -> assertThat(reply).startsWith("550 5.7.1 BATV: no valid signature (expired)"))
            .anySatisfy(reply -> assertThat(reply).startsWith("550 5.7.1 BATV: no valid signature (unknown-key)"))
            .anySatisfy(reply -> assertThat(reply).startsWith("550 5.1.1"))
            .anySatisfy(reply -> assertThat(reply).startsWith("550 5.5.3"));

        for (String reply : replies) {
            assertThat(reply).as("one line").doesNotContain("\r").doesNotContain("\n");
            assertThat(reply.length()).as("RFC 5321 reply line limit: %s", reply).isLessThanOrEqualTo(512);
            for (Pattern internal : INTERNAL) {
                assertThat(internal.matcher(reply).find()).as("%s reveals %s", reply, internal).isFalse();
            }
            assertThat(reply).doesNotContain(keyFile.toString()).doesNotContain(confDirectory.toString())
                .doesNotContain(keyFile.getFileName().toString())
                .doesNotContain(dns.address().getAddress().getHostAddress())
                .doesNotContain(":" + dns.address().getPort());
        }
    }
}
