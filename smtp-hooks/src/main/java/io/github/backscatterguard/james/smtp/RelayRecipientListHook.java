package io.github.backscatterguard.james.smtp;

import com.google.inject.Inject;
import io.github.backscatterguard.config.Durations;
import io.github.backscatterguard.recipients.LocalPartRules;
import io.github.backscatterguard.recipients.RecipientListParser;
import io.github.backscatterguard.recipients.RecipientListStore;
import io.github.backscatterguard.recipients.RecipientVerdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, during SMTP, recipients that the downstream server of a relayed domain does not know,
 * so that James never accepts mail it would later have to bounce to a possibly forged sender
 * (Postfix's relay_domains with relay_recipient_maps, Exchange Online's directory-based edge
 * blocking).
 * <p>
 * Each domain may have a list of its valid recipients: a file {@code <domain>.txt} in
 * {@code directory}, one address per line ({@code alice@customer.example}), {@code #} comments
 * and blank lines allowed, {@code @customer.example} or {@code *@customer.example} as a catch-all.
 * The files can be uploaded over WebAdmin ({@code PUT /relay-recipients/customer.example}, see
 * {@code RelayRecipientRoutes}) or written by any other means. For a recipient whose domain:
 * <ul>
 *   <li>has a list that does not hold it: {@code 550 5.1.1 <address>: recipient not known here};</li>
 *   <li>is one of {@code relayDomains}, otherwise (listed, or no usable list): accepted for relay,
 *       whoever the client (James itself has no setting that accepts a non-local domain from the
 *       Internet); when the domain's list is missing or cannot be read, its recipients are
 *       accepted, never all refused: the downstream server still validates;</li>
 *   <li>is not a relay domain: the hook declines and the rest of the chain decides (e.g. a local
 *       domain whose list narrows who may receive mail).</li>
 * </ul>
 * A changed file takes effect within {@code reloadInterval} (an upload at once), without restart;
 * a file that does not parse keeps the previous list, a file that cannot be read leaves its domain
 * without a list; both are logged. No file is read per RCPT: lookups are hash-set probes.
 * <pre><code>
 * &lt;handler class="io.github.backscatterguard.james.smtp.RelayRecipientListHook"&gt;
 *     &lt;!-- required: where the lists live; file://var/... is James's var/ folder, created if missing --&gt;
 *     &lt;directory&gt;file://var/relay-recipients/&lt;/directory&gt;
 *     &lt;!-- optional; the values shown are the defaults --&gt;
 *     &lt;relayDomains&gt;&lt;/relayDomains&gt;                         &lt;!-- e.g. customer.example, other.example --&gt;
 *     &lt;caseSensitiveLocalParts&gt;false&lt;/caseSensitiveLocalParts&gt;
 *     &lt;subaddressSeparator&gt;+&lt;/subaddressSeparator&gt; &lt;!-- each character is a separator, e.g. +-; empty: off --&gt;
 *     &lt;reloadInterval&gt;10s&lt;/reloadInterval&gt;             &lt;!-- how often changed files are looked for; at least 1s --&gt;
 * &lt;/handler&gt;
 * </code></pre>
 * Put it in smtpserver.xml's {@code <handlerchain>} after the hooks that refuse mail for other
 * reasons ({@code SafeModeDnsblHook}, {@code BatvRcptHook}: a recipient this hook accepts skips the
 * RCPT hooks after it) and before {@code ValidRcptHandler} and {@code CoreCmdHandlerLoader}.
 * mailetcontainer.xml must route the relay domains to their servers (e.g. {@code HostIs} to a
 * processor whose {@code RemoteDelivery} has a {@code <gateway>}), ahead of the
 * {@code relay-denied} rule. Every RelayRecipientListHook of a server (port 25, 587, ...) must name
 * the same directory and local-part settings: they share one set of lists.
 * {@code directory}: {@code file://} names are resolved by James ({@code file://var/x} under
 * James's home); a relative path is resolved against James's home too.
 */
public class RelayRecipientListHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(RelayRecipientListHook.class);
    private static final String NAME = "RelayRecipientListHook";
    static final String DIRECTORY = "directory";
    static final String RELAY_DOMAINS = "relaydomains";
    static final String CASE_SENSITIVE = "casesensitivelocalparts";
    static final String SEPARATOR = "subaddressseparator";
    static final String RELOAD_INTERVAL = "reloadinterval";
    private static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(1);
    private static final String DIRECTORY_ACCEPTED = "; accepted: a directory (created if missing) for one <domain>.txt file per"
        + " domain, as file://var/relay-recipients/, an absolute path, or a path relative to James's home";

    private final FileSystem fileSystem;
    private final SharedRecipientListStore sharedStore;
    private volatile RecipientListStore store;
    private volatile Set<String> relayDomains = Set.of();

    @Inject
    public RelayRecipientListHook(FileSystem fileSystem, SharedRecipientListStore sharedStore) {
        this.fileSystem = fileSystem;
        this.sharedStore = sharedStore;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        Map<String, String> values = HookParameters.read(NAME, config,
            Set.of(DIRECTORY, RELAY_DOMAINS, CASE_SENSITIVE, SEPARATOR, RELOAD_INTERVAL));
        Path directory = directory(values.get(DIRECTORY));
        Set<String> domains = relayDomains(values.getOrDefault(RELAY_DOMAINS, ""));
        LocalPartRules rules;
        try {
            rules = new LocalPartRules(parseBoolean(values.getOrDefault(CASE_SENSITIVE, "false")),
                values.getOrDefault(SEPARATOR, "+"));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(NAME + ": parameter 'subaddressSeparator': " + e.getMessage(), e);
        }
        String interval = values.getOrDefault(RELOAD_INTERVAL, "10s");
        RecipientListStore acquired;
        try {
            acquired = sharedStore.acquire(directory, rules, reloadInterval(interval));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(NAME + ": parameter 'directory' has value '" + values.get(DIRECTORY) + "', but "
                + e.getMessage(), e);
        }
        relayDomains = domains;
        store = acquired;
        LOGGER.info("{}: recipient lists in force for {}, read from {} (changes looked for every {}; {}); relay domains: {}", NAME,
            acquired.lists().keySet(), directory, interval, rules, domains.isEmpty() ? "none" : new TreeSet<>(domains));
    }

    private Path directory(String value) throws ConfigurationException {
        if (value == null || value.isEmpty()) {
            throw new ConfigurationException(NAME + ": parameter 'directory' is required" + DIRECTORY_ACCEPTED);
        }
        Path directory;
        try {
            directory = resolve(value).toAbsolutePath().normalize();
        } catch (IOException | InvalidPathException e) {
            throw new ConfigurationException(NAME + ": parameter 'directory' has value '" + value + "', which is not a path ("
                + e.getMessage() + ")" + DIRECTORY_ACCEPTED, e);
        }
        if (Files.isDirectory(directory)) {
            return directory;
        }
        if (Files.exists(directory)) {
            throw new ConfigurationException(NAME + ": parameter 'directory' has value '" + value + "', which is not a directory ("
                + directory + ")" + DIRECTORY_ACCEPTED);
        }
        try {
            Files.createDirectories(directory);
            LOGGER.info("{}: created the recipient list directory {}", NAME, directory);
            return directory;
        } catch (IOException e) {
            throw new ConfigurationException(NAME + ": parameter 'directory' has value '" + value + "': cannot create " + directory
                + " (" + e + ")" + DIRECTORY_ACCEPTED, e);
        }
    }

    /** file:// names as James resolves them everywhere else; plain relative paths against James's home, not the JVM's cwd. */
    private Path resolve(String value) throws IOException {
        if (value.startsWith("file:")) {
            return fileSystem.getFile(value).toPath();
        }
        Path path = Path.of(value);
        return path.isAbsolute() ? path : fileSystem.getBasedir().toPath().resolve(path);
    }

    private static Set<String> relayDomains(String value) throws ConfigurationException {
        Set<String> domains = new HashSet<>();
        for (String item : value.split(",")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                domains.add(RecipientListParser.normalizeDomain(trimmed));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(NAME + ": parameter 'relayDomains' has value '" + value + "': " + e.getMessage()
                    + "; separate domains with commas", e);
            }
        }
        return Set.copyOf(domains);
    }

    private static boolean parseBoolean(String value) throws ConfigurationException {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
                return true;
            case "false":
            case "no":
                return false;
            default:
                throw new ConfigurationException(NAME + ": parameter 'caseSensitiveLocalParts' has value '" + value
                    + "'; accepted: true, false");
        }
    }

    private static Duration reloadInterval(String value) throws ConfigurationException {
        Duration interval;
        try {
            interval = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(NAME + ": parameter 'reloadInterval': " + e.getMessage(), e);
        }
        if (interval.compareTo(MIN_RELOAD_INTERVAL) < 0) {
            throw new ConfigurationException(NAME + ": parameter 'reloadInterval' has value '" + value + "'; accepted: 1s or more");
        }
        return interval;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        try {
            String domain = rcpt.getDomain().asString();
            RecipientVerdict verdict = store.verdict(rcpt.getLocalPart(), domain);
            if (verdict == RecipientVerdict.REJECT) {
                LOGGER.info("{}: refused RCPT {} from {}: not in the recipient list of {}", NAME, rcpt.asString(), sender.asString(),
                    domain);
                return HookResult.builder()
                    .hookReturnCode(HookReturnCode.deny())
                    .smtpReturnCode("550")
                    .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.ADDRESS_MAILBOX) + " <" + rcpt.asString()
                        + ">: recipient not known here")
                    .build();
            }
            if (relayDomains.contains(domain.toLowerCase(Locale.ROOT))) {
                if (verdict == RecipientVerdict.NO_LIST) {
                    LOGGER.debug("{}: accepted RCPT {} for relay: {} has no recipient list in force", NAME, rcpt.asString(), domain);
                }
                return HookResult.OK;
            }
            return HookResult.DECLINED;
        } catch (RuntimeException e) {
            // Never fail a transaction because of our own trouble: the rest of the chain and the downstream server decide.
            LOGGER.warn("{}: could not check RCPT {}; leaving it to the rest of the chain: {}", NAME, rcpt, e.toString());
            return HookResult.DECLINED;
        }
    }

    /** Gives the shared store back (the last hook stops its reload thread). */
    @Override
    public void destroy() {
        RecipientListStore current = store;
        store = null;
        if (current != null) {
            sharedStore.release(current);
        }
    }
}
