package io.github.backscatterguard.james.webadmin;

import com.google.inject.Inject;
import io.github.backscatterguard.james.smtp.RelayRecipientListHook;
import io.github.backscatterguard.james.smtp.SharedRecipientListStore;
import io.github.backscatterguard.recipients.RecipientList;
import io.github.backscatterguard.recipients.RecipientListEditor;
import io.github.backscatterguard.recipients.RecipientListException;
import io.github.backscatterguard.recipients.RecipientListParser;
import io.github.backscatterguard.recipients.RecipientListStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import spark.HaltException;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes to upload the recipient lists that {@link RelayRecipientListHook} enforces: the
 * same {@code <domain>.txt} files, written atomically, in force at once.
 * <ul>
 *   <li>{@code PUT /relay-recipients/{domain}}, body: the list as text (one address per line,
 *       {@code #} comments, {@code @domain} for a catch-all), replaces the domain's list;
 *       200 with {@code {"domain":..,"addresses":N,"catchAll":false}}. A bad list (an address that
 *       is malformed or of another domain, an empty list, a body over 16 MiB) or a bad domain: 400
 *       with the reason, and nothing changes.</li>
 *   <li>{@code GET /relay-recipients/{domain}}: the file as stored (text/plain), 404 if none.</li>
 *   <li>{@code DELETE /relay-recipients/{domain}}: removes the list (its recipients are no longer
 *       checked); 204, also when there was none.</li>
 *   <li>{@code GET /relay-recipients}: the lists in force, as a JSON array of the objects above.</li>
 * </ul>
 * Without a {@code RelayRecipientListHook} in smtpserver.xml there is no directory to write: 409.
 * <p>
 * Send lists as text with their length: {@code curl -X PUT -H 'Content-Type: text/plain'
 * --data-binary @customer.example.txt http://127.0.0.1:8000/relay-recipients/customer.example}.
 * curl's default type for {@code --data-binary} is a form, which James's WebAdmin decodes before
 * the route runs: such a body is accepted when it can be read back exactly (no {@code &} or
 * {@code =}; {@code +} and {@code %XX} come back decoded, so a list holding them is refused with a
 * 400 that says so), and Jetty refuses forms over 200,000 bytes with a 500 before the route runs.
 * A chunked body (no length) never reaches routes in James 3.8.1: 400.
 * James 3.8 loads WebAdmin route extensions named in webadmin.properties:
 * <pre><code>
 * extensions.routes=io.github.backscatterguard.james.webadmin.RelayRecipientRoutes
 * </code></pre>
 * WebAdmin's own authentication (JWT, when enabled) applies to these routes as to James's.
 */
public class RelayRecipientRoutes implements Routes {
    public static final String BASE_PATH = "/relay-recipients";
    private static final String DOMAIN_PARAMETER = ":domain";
    private static final String DOMAIN_PATH = BASE_PATH + "/" + DOMAIN_PARAMETER;
    private static final Logger LOGGER = LoggerFactory.getLogger(RelayRecipientRoutes.class);

    private final SharedRecipientListStore lists;
    private final JsonTransformer json;

    @Inject
    public RelayRecipientRoutes(SharedRecipientListStore lists, JsonTransformer json) {
        this.lists = lists;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, this::listDomains, json);
        service.get(DOMAIN_PATH, this::getList);
        service.put(DOMAIN_PATH, this::putList, json);
        service.delete(DOMAIN_PATH, this::deleteList);
    }

    private List<RecipientListSummary> listDomains(Request request, Response response) {
        RecipientListStore store = lists.store().orElseThrow(RelayRecipientRoutes::notConfigured);
        return store.lists().entrySet().stream()
            .map(entry -> new RecipientListSummary(entry.getKey(), entry.getValue()))
            .collect(Collectors.toList());
    }

    private String getList(Request request, Response response) throws IOException, RecipientListException {
        byte[] file = editor().read(domain(request)).orElseThrow(() -> ErrorResponder.builder()
            .statusCode(404)
            .type(ErrorResponder.ErrorType.NOT_FOUND)
            .message("no recipient list for " + request.params(DOMAIN_PARAMETER))
            .haltError());
        response.type("text/plain; charset=utf-8");
        return new String(file, StandardCharsets.UTF_8);
    }

    private RecipientListSummary putList(Request request, Response response) throws IOException {
        RecipientListEditor editor = editor();
        String domain = domain(request);
        byte[] body = body(request);
        try {
            RecipientList list = editor.replace(domain, body);
            LOGGER.info("WebAdmin: recipient list of {} replaced ({} addresses{}) from {}", domain, list.size(),
                list.hasCatchAll() ? " and a catch-all" : "", request.ip());
            return new RecipientListSummary(domain, list);
        } catch (RecipientListException e) {
            throw badRequest("recipient list of " + domain + " refused, nothing changed: " + e.getMessage()
                + (isForm(request) ? " (the list was sent as a form, curl's default for --data-binary, so '+' became a space"
                    + " and %XX a character; send it as text: curl -H 'Content-Type: text/plain' --data-binary @FILE)" : ""));
        }
    }

    private String deleteList(Request request, Response response) throws IOException, RecipientListException {
        String domain = domain(request);
        if (editor().remove(domain)) {
            LOGGER.info("WebAdmin: recipient list of {} deleted from {}", domain, request.ip());
        }
        response.status(204);
        return "";
    }

    private RecipientListEditor editor() {
        return lists.editor().orElseThrow(RelayRecipientRoutes::notConfigured);
    }

    /** The domain of the path, checked (it names a file). */
    private static String domain(Request request) {
        try {
            return RecipientListParser.normalizeDomain(request.params(DOMAIN_PARAMETER));
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
    }

    /**
     * The list as sent. James's WebAdmin request logger reads every body before the route runs
     * (Spark keeps it), and, for a body sent as a form ({@code application/x-www-form-urlencoded},
     * curl's default for {@code --data-binary}), its reading of the query parameters makes Jetty
     * decode the body as a form first. Such a list comes back as one parameter name, which is the
     * text with {@code +} and {@code %XX} decoded; anything that cannot be rebuilt exactly is refused.
     */
    private static byte[] body(Request request) {
        byte[] body = request.bodyAsBytes();
        if (body == null) {
            // Spark logs a failed read and answers null rather than throwing.
            throw badRequest("the body could not be read (see the WebAdmin log); nothing changed");
        }
        if (body.length > RecipientListParser.MAX_LIST_BYTES) {
            throw badRequest("the body has " + body.length + " bytes; accepted: at most " + RecipientListParser.MAX_LIST_BYTES
                + " bytes (16 MiB) per list; nothing changed");
        }
        if (body.length > 0) {
            return body;
        }
        if ("chunked".equalsIgnoreCase(request.headers("Transfer-Encoding"))) {
            // Spark keeps a body for the routes only when its length is announced; James's logger read this one.
            throw badRequest("the list was sent in chunks (Transfer-Encoding: chunked), which James's WebAdmin does not pass on"
                + " to routes; send it with its length: curl -H 'Content-Type: text/plain' --data-binary @FILE; nothing changed");
        }
        if (!isForm(request)) {
            return body;
        }
        Map<String, String[]> form = request.raw().getParameterMap();
        if (form.isEmpty()) {
            return body;
        }
        if (form.size() != 1 || !isEmpty(form.values().iterator().next())) {
            throw badRequest("the list was sent as a form (Content-Type: application/x-www-form-urlencoded) and holds '&' or '='"
                + ", so it cannot be read back exactly; send it as text: curl -H 'Content-Type: text/plain' --data-binary @FILE;"
                + " nothing changed");
        }
        return form.keySet().iterator().next().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isForm(Request request) {
        String type = request.contentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static boolean isEmpty(String[] values) {
        return values.length == 0 || (values.length == 1 && values[0].isEmpty());
    }

    private static HaltException badRequest(String message) {
        return ErrorResponder.builder()
            .statusCode(400)
            .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message(message)
            .haltError();
    }

    private static HaltException notConfigured() {
        return ErrorResponder.builder()
            .statusCode(409)
            .type(ErrorResponder.ErrorType.WRONG_STATE)
            .message("no RelayRecipientListHook is configured in smtpserver.xml, so there is no recipient list directory;"
                + " add the hook with its <directory> and restart James")
            .haltError();
    }
}
