package io.github.backscatterguard.james.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backscatterguard.james.smtp.SharedRecipientListStore;
import io.github.backscatterguard.recipients.LocalPartRules;
import io.github.backscatterguard.recipients.RecipientListParser;
import io.github.backscatterguard.recipients.RecipientListStore;
import io.github.backscatterguard.recipients.RecipientVerdict;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routes on a real WebAdmin server (Spark/Jetty on a free loopback port) and a real HTTP client, over real files. */
class RelayRecipientRoutesTest {
    @TempDir
    Path directory;
    private final SharedRecipientListStore shared = new SharedRecipientListStore();
    private RecipientListStore store;
    private WebAdminServer webAdmin;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        webAdmin = WebAdminUtils.createWebAdminServer(new RelayRecipientRoutes(shared, new JsonTransformer())).start();
    }

    @AfterEach
    void stop() {
        webAdmin.destroy();
        if (store != null) {
            shared.release(store);
        }
    }

    private void hookConfigured() {
        store = shared.acquire(directory, LocalPartRules.DEFAULT, Duration.ofHours(1));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + webAdmin.getPort().getValue() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** As curl --data-binary sends it (application/x-www-form-urlencoded). */
    private HttpResponse<String> put(String domain, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri("/relay-recipients/" + domain))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> putText(String domain, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri("/relay-recipients/" + domain))
            .header("Content-Type", "text/plain; charset=utf-8")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    @Test
    void putReplacesTheListAndItIsInForceAtOnce() throws Exception {
        hookConfigured();

        HttpResponse<String> response = put("customer.example", "# uploaded\nalice@customer.example\nbob@customer.example\n");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"domain\":\"customer.example\",\"addresses\":2,\"catchAll\":false}");
        assertThat(store.verdict("alice@customer.example")).isEqualTo(RecipientVerdict.ACCEPT);
        assertThat(store.verdict("mallory@customer.example")).isEqualTo(RecipientVerdict.REJECT);
        assertThat(Files.readString(directory.resolve("customer.example.txt")))
            .isEqualTo("# uploaded\nalice@customer.example\nbob@customer.example\n");
    }

    @Test
    void getReturnsTheFileAndTheIndexListsTheDomainsWithCounts() throws Exception {
        hookConfigured();
        put("customer.example", "alice@customer.example # boss\n");
        put("Other.Example", "@other.example\n");

        HttpResponse<String> list = get("/relay-recipients/customer.example");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(list.body()).isEqualTo("alice@customer.example # boss\n");

        HttpResponse<String> index = get("/relay-recipients");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).isEqualTo("[{\"domain\":\"customer.example\",\"addresses\":1,\"catchAll\":false},"
            + "{\"domain\":\"other.example\",\"addresses\":0,\"catchAll\":true}]");

        assertThat(get("/relay-recipients/unknown.example").statusCode()).isEqualTo(404);
    }

    @Test
    void deleteRemovesTheList() throws Exception {
        hookConfigured();
        put("customer.example", "alice@customer.example\n");

        HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri("/relay-recipients/customer.example")).DELETE());

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(store.verdict("mallory@customer.example")).isEqualTo(RecipientVerdict.NO_LIST);
        assertThat(directory.resolve("customer.example.txt")).doesNotExist();
        assertThat(send(HttpRequest.newBuilder(uri("/relay-recipients/customer.example")).DELETE()).statusCode()).isEqualTo(204);
        assertThat(get("/relay-recipients").body()).isEqualTo("[]");
    }

    @Test
    void badListsAre400WithTheReasonAndChangeNothing() throws Exception {
        hookConfigured();
        put("customer.example", "alice@customer.example\n");

        HttpResponse<String> malformed = put("customer.example", "bob@customer.example\nnot-an-address\n");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"type\":\"InvalidArgument\"").contains("line 2").contains("not an address");

        HttpResponse<String> otherDomain = put("customer.example", "bob@other.example\n");
        assertThat(otherDomain.statusCode()).isEqualTo(400);
        assertThat(otherDomain.body()).contains("the domain is not customer.example");

        HttpResponse<String> empty = put("customer.example", "");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("no address in the list");

        HttpResponse<String> badDomain = put("not_a_domain", "bob@not_a_domain\n");
        assertThat(badDomain.statusCode()).isEqualTo(400);
        assertThat(badDomain.body()).contains("is not a domain name");

        assertThat(store.verdict("alice@customer.example")).isEqualTo(RecipientVerdict.ACCEPT);
        assertThat(store.verdict("bob@customer.example")).isEqualTo(RecipientVerdict.REJECT);
        assertThat(Files.readString(directory.resolve("customer.example.txt"))).isEqualTo("alice@customer.example\n");
        try (var files = Files.list(directory)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("customer.example.txt");
        }
    }

    @Test
    void aFiftyMegabyteBodyIs400AndChangesNothing() throws Exception {
        hookConfigured();
        put("customer.example", "alice@customer.example\n");
        byte[] line = "x@customer.example\n".getBytes(StandardCharsets.US_ASCII);
        long size = 50L * 1000 * 1000;

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/relay-recipients/customer.example"))
            .header("Content-Type", "text/plain")
            .PUT(HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new RepeatingStream(line, size)), size)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("the body has " + size + " bytes")
            .contains("at most " + RecipientListParser.MAX_LIST_BYTES + " bytes");
        assertThat(store.verdict("x@customer.example")).isEqualTo(RecipientVerdict.REJECT);
        assertThat(Files.readString(directory.resolve("customer.example.txt"))).isEqualTo("alice@customer.example\n");
    }

    @Test
    void aListSentAsTextKeepsEveryCharacter() throws Exception {
        hookConfigured();

        HttpResponse<String> response = putText("customer.example", "alice+sales@customer.example\nbob%x@customer.example\na&b=c@customer.example\n");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Files.readString(directory.resolve("customer.example.txt")))
            .isEqualTo("alice+sales@customer.example\nbob%x@customer.example\na&b=c@customer.example\n");
        assertThat(store.verdict("a&b=c@customer.example")).isEqualTo(RecipientVerdict.ACCEPT);
    }

    @Test
    void aFormEncodedListThatCannotBeReadBackIsRefusedWithAdvice() throws Exception {
        hookConfigured();
        put("customer.example", "alice@customer.example\n");

        HttpResponse<String> ampersand = put("customer.example", "a&b=c@customer.example\n");
        assertThat(ampersand.statusCode()).isEqualTo(400);
        assertThat(ampersand.body()).contains("curl -H 'Content-Type: text/plain' --data-binary @FILE");

        HttpResponse<String> plus = put("customer.example", "alice+sales@customer.example\n");
        assertThat(plus.statusCode()).isEqualTo(400);
        assertThat(plus.body()).contains("more than one entry on the line").contains("'+' became a space");

        assertThat(Files.readString(directory.resolve("customer.example.txt"))).isEqualTo("alice@customer.example\n");
    }

    @Test
    void aChunkedBodyWhichJamesDoesNotPassOnIsRefusedWithAdvice() throws Exception {
        hookConfigured();
        byte[] list = "alice@customer.example\n".getBytes(StandardCharsets.US_ASCII);

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/relay-recipients/customer.example"))
            .header("Content-Type", "text/plain")
            .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new RepeatingStream(list, list.length))));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Transfer-Encoding: chunked").contains("--data-binary @FILE");
        assertThat(directory.resolve("customer.example.txt")).doesNotExist();
    }

    @Test
    void aFormEncodedListOverJettysFormLimitFailsBeforeTheRouteAndChangesNothing() throws Exception {
        hookConfigured();
        StringBuilder list = new StringBuilder();
        for (int i = 0; list.length() < 300_000; i++) {
            list.append("user").append(i).append("@customer.example\n");
        }

        HttpResponse<String> response = put("customer.example", list.toString());

        // Jetty refuses a form over 200,000 bytes while James's request logger reads it: a 500 from WebAdmin itself.
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("WebAdmin encountered an unexpected internal error");
        assertThat(directory.resolve("customer.example.txt")).doesNotExist();
        assertThat(putText("customer.example", list.toString()).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutTheHookTheRoutesSayWhatIsMissing() throws Exception {
        HttpResponse<String> response = put("customer.example", "alice@customer.example\n");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("no RelayRecipientListHook is configured in smtpserver.xml");
        assertThat(get("/relay-recipients").statusCode()).isEqualTo(409);
    }

    /** {@code size} bytes of one line repeated, generated as read (no 50 MB array in the test). */
    private static final class RepeatingStream extends InputStream {
        private final byte[] line;
        private final long size;
        private long position;

        RepeatingStream(byte[] line, long size) {
            this.line = Arrays.copyOf(line, line.length);
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? line[(int) (position++ % line.length)] : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int count = (int) Math.min(length, size - position);
            for (int i = 0; i < count; i++) {
                buffer[offset + i] = line[(int) ((position + i) % line.length)];
            }
            position += count;
            return count;
        }
    }
}
