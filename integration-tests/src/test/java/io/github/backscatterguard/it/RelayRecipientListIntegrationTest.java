package io.github.backscatterguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Durations.ONE_MINUTE;
import static org.awaitility.Durations.TWO_HUNDRED_MILLISECONDS;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Recipient lists of a relayed domain on a real James 3.8.1 with {@code conf-samples/complete}: the
 * list is uploaded over WebAdmin with a real HTTP client (as the sample's curl command does), then an
 * Internet client is refused at RCPT for an unlisted address and its mail to a listed one reaches
 * the domain's own (downstream) server; a list edited on disk takes effect without restart; a
 * broken file keeps the list in force; bad uploads change nothing. Test-only changes: those of
 * {@link CompleteSampleFixture}.
 */
class RelayRecipientListIntegrationTest {
    private static final String DOMAIN = "customer.example";
    private static final InetAddress INTERNET_CLIENT = SampleJames.address("127.0.0.20");
    private static final ConditionFactory AWAIT = Awaitility.with().pollInterval(TWO_HUNDRED_MILLISECONDS).await().atMost(ONE_MINUTE);

    private static final CompleteSampleFixture SAMPLE_FIXTURE = new CompleteSampleFixture();

    @RegisterExtension
    static JamesServerExtension james = SampleJames.perClass(conf -> SAMPLE_FIXTURE.writeTo(conf, SampleJames.address("127.0.0.66")));

    private final HttpClient http = HttpClient.newHttpClient();
    private int smtpPort;
    private int webAdminPort;

    @AfterAll
    static void stopFixtures() throws IOException {
        SAMPLE_FIXTURE.close();
    }

    @BeforeEach
    void ports(GuiceJamesServer server) throws Exception {
        smtpPort = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
        webAdminPort = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
        webAdmin("DELETE", "/relay-recipients/" + DOMAIN, null, null);
        webAdmin("DELETE", "/relay-recipients/marker.example", null, null);
    }

    private HttpResponse<String> webAdmin(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webAdminPort + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** What `curl -X PUT --data-binary 'LIST' URL` sends. */
    private HttpResponse<String> uploadAsCurlDoes(String list) throws Exception {
        return webAdmin("PUT", "/relay-recipients/" + DOMAIN, "application/x-www-form-urlencoded", list);
    }

    private List<Integer> rcptReplies(String... recipients) throws IOException {
        try (SmtpSession client = SmtpSession.open(smtpPort, INTERNET_CLIENT)) {
            return client.send("sender@elsewhere.example", "Subject: hello\r\nMessage-ID: <" + System.nanoTime()
                + "@elsewhere.example>\r\n\r\nhello\r\n", recipients);
        }
    }

    /** Replaces a list on disk the way administrators' scripts should: a temporary file renamed over it. */
    private static void writeOnDisk(String domain, String text) throws IOException {
        Path directory = SAMPLE_FIXTURE.relayRecipients();
        Path temporary = Files.createTempFile(directory, ".edit-", ".tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, directory.resolve(domain + ".txt"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void anUploadedListRefusesUnlistedRecipientsAtRcptAndListedOnesReachTheDownstreamServer(GuiceJamesServer server) throws Exception {
        // Before any list the relayed domain accepts everyone (its server still validates).
        assertThat(rcptReplies("bob@" + DOMAIN)).containsExactly(250, 250);

        HttpResponse<String> upload = uploadAsCurlDoes("alice@" + DOMAIN);
        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(upload.body()).isEqualTo("{\"domain\":\"customer.example\",\"addresses\":1,\"catchAll\":false}");

        try (SmtpSession client = SmtpSession.open(smtpPort, INTERNET_CLIENT)) {
            assertThat(client.send("sender@elsewhere.example", "Subject: to both\r\nMessage-ID: <both@elsewhere.example>\r\n\r\nhi\r\n",
                "bob@" + DOMAIN, "Alice+news@" + DOMAIN)).containsExactly(550, 250, 250);
            assertThat(client.replies().get(0)).isEqualTo("550 5.1.1 <bob@customer.example>: recipient not known here");
        }
        AWAIT.untilAsserted(() -> assertThat(SAMPLE_FIXTURE.downstream().deliveries())
            .anySatisfy(delivery -> assertThat(delivery.recipients()).containsExactly("Alice+news@" + DOMAIN)));
        assertThat(SAMPLE_FIXTURE.internet().deliveries()).isEmpty(); // relayed to the customer, not by MX

        assertThat(webAdmin("GET", "/relay-recipients", null, null).body())
            .isEqualTo("[{\"domain\":\"customer.example\",\"addresses\":1,\"catchAll\":false}]");
        assertThat(webAdmin("GET", "/relay-recipients/" + DOMAIN, null, null).body()).isEqualTo("alice@" + DOMAIN);
        assertThat(Files.readString(SAMPLE_FIXTURE.relayRecipients().resolve(DOMAIN + ".txt"))).isEqualTo("alice@" + DOMAIN);
        assertThat(server.getProbe(MailRepositoryProbeImpl.class)
            .getRepositoryMailCount(MailRepositoryUrl.from("memory://var/mail/error/"))).isZero();
    }

    @Test
    void aListEditedOnDiskTakesEffectWithoutRestart() throws Exception {
        assertThat(uploadAsCurlDoes("alice@" + DOMAIN).statusCode()).isEqualTo(200);
        assertThat(rcptReplies("carol@" + DOMAIN)).containsExactly(550);

        writeOnDisk(DOMAIN, "alice@" + DOMAIN + "\ncarol@" + DOMAIN + "\n");

        AWAIT.untilAsserted(() -> assertThat(rcptReplies("carol@" + DOMAIN)).containsExactly(250, 250));
        assertThat(rcptReplies("bob@" + DOMAIN)).containsExactly(550);
    }

    @Test
    void aBrokenFileOnDiskKeepsTheListInForce() throws Exception {
        assertThat(uploadAsCurlDoes("alice@" + DOMAIN).statusCode()).isEqualTo(200);

        writeOnDisk(DOMAIN, "alice@" + DOMAIN + "\nthis line is not an address\n");
        // A second list written after the broken one: once it is in force, the reload that saw both has run.
        writeOnDisk("marker.example", "someone@marker.example\n");
        AWAIT.untilAsserted(() -> assertThat(webAdmin("GET", "/relay-recipients", null, null).body()).contains("marker.example"));

        assertThat(rcptReplies("alice@" + DOMAIN)).containsExactly(250, 250);
        assertThat(rcptReplies("bob@" + DOMAIN)).containsExactly(550);
    }

    @Test
    void badUploadsAre400AndChangeNothing() throws Exception {
        assertThat(uploadAsCurlDoes("alice@" + DOMAIN).statusCode()).isEqualTo(200);

        HttpResponse<String> otherDomain = webAdmin("PUT", "/relay-recipients/" + DOMAIN, "text/plain", "bob@other.example\n");
        HttpResponse<String> malformed = webAdmin("PUT", "/relay-recipients/" + DOMAIN, "text/plain", "bob@" + DOMAIN + "\nbob\n");
        HttpResponse<String> badDomain = webAdmin("PUT", "/relay-recipients/customer_example", "text/plain", "bob@customer_example\n");

        assertThat(otherDomain.statusCode()).isEqualTo(400);
        assertThat(otherDomain.body()).contains("the domain is not customer.example");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("line 2").contains("not an address");
        assertThat(badDomain.statusCode()).isEqualTo(400);
        assertThat(badDomain.body()).contains("is not a domain name");
        assertThat(rcptReplies("alice@" + DOMAIN)).containsExactly(250, 250);
        assertThat(rcptReplies("bob@" + DOMAIN)).containsExactly(550);
    }

    @Test
    void deletingTheListAcceptsTheDomainsRecipientsAgain() throws Exception {
        assertThat(uploadAsCurlDoes("alice@" + DOMAIN).statusCode()).isEqualTo(200);
        assertThat(rcptReplies("bob@" + DOMAIN)).containsExactly(550);

        assertThat(webAdmin("DELETE", "/relay-recipients/" + DOMAIN, null, null).statusCode()).isEqualTo(204);

        assertThat(rcptReplies("bob@" + DOMAIN)).containsExactly(250, 250);
        assertThat(webAdmin("GET", "/relay-recipients/" + DOMAIN, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void otherDomainsAreNotRelayed() throws Exception {
        assertThat(rcptReplies("someone@not-relayed.example")).containsExactly(550);
    }
}
