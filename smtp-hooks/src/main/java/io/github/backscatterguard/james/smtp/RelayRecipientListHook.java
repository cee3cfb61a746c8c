package io.github.backscatterguard.james.smtp;

import io.github.backscatterguard.config.Durations;
import io.github.backscatterguard.recipients.LocalPartRules;
import io.github.backscatterguard.recipients.RecipientListStore;
import io.github.backscatterguard.recipients.RecipientVerdict;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
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
 * (Postfix's relay_recipient_maps, Exchange Online's directory-based edge blocking).
 * <p>
 * Each relayed domain may have a list of its valid recipients: a file {@code <domain>.txt} in
 * {@code directory}, one address per line ({@code alice@customer.example}), {@code #} comments
 * and blank lines allowed, {@code @customer.example} or {@code *@customer.example} as a catch-all.
 * For a recipient in a domain with a list:
 * <ul>
 *   <li>listed (exactly, or as {@code user@} for {@code user+tag@}): the hook declines, and the
 *       rest of the chain decides (relay rules, other hooks);</li>
 *   <li>not listed: {@code 550 5.1.1 <address>: recipient not known here}.</li>
 * </ul>
 * Recipients of domains without a list are untouched. A changed file takes effect within
 * {@code reloadInterval}, without restart; a file that does not parse keeps the previous list, a
 * file that cannot be read leaves its domain without list (accepting, never refusing everyone);
 * both are logged. No file is read per RCPT: lookups are hash-set probes.
 * <pre><code>
 * &lt;handler class="io.github.backscatterguard.james.smtp.RelayRecipientListHook"&gt;
 *     &lt;directory&gt;/etc/james/relay-recipients&lt;/directory&gt; &lt;!-- required, must exist --&gt;
 *     &lt;!-- optional; the values shown are the defaults --&gt;
 *     &lt;caseSensitiveLocalParts&gt;false&lt;/caseSensitiveLocalParts&gt;
 *     &lt;subaddressSeparator&gt;+&lt;/subaddressSeparator&gt; &lt;!-- each character is a separator, e.g. +-; empty: off --&gt;
 *     &lt;reloadInterval&gt;10s&lt;/reloadInterval&gt;             &lt;!-- how often changed files are looked for; at least 1s --&gt;
 * &lt;/handler&gt;
 * </code></pre>
 * Put it in smtpserver.xml's {@code <handlerchain>} before {@code ValidRcptHandler} and the relay
 * checks ({@code ValidRcptMX}, the default RCPT handling). The hook only refuses: the domain must
 * still be relayed by James's own configuration (e.g. a {@code RecipientIs}/{@code HostIs} rule in
 * mailetcontainer.xml that hands the domain's mail to a {@code RemoteDelivery} with a
 * {@code <gateway>} to the downstream server, and the SMTP server accepting it as a relay
 * destination), otherwise the listed recipients are refused by the later handlers as before.
 * A relative {@code directory} resolves against James's working directory (the JVM's current
 * directory); prefer an absolute path.
 */
public class RelayRecipientListHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(RelayRecipientListHook.class);
    private static final String NAME = "RelayRecipientListHook";
    static final String DIRECTORY = "directory";
    static final String CASE_SENSITIVE = "casesensitivelocalparts";
    static final String SEPARATOR = "subaddressseparator";
    static final String RELOAD_INTERVAL = "reloadinterval";
    private static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(1);

    private volatile RecipientListStore store;

    @Override
    public void init(Configuration config) throws ConfigurationException {
        Map<String, String> values = HookParameters.read(NAME, config, Set.of(DIRECTORY, CASE_SENSITIVE, SEPARATOR, RELOAD_INTERVAL));
        Path directory = directory(values.get(DIRECTORY));
        LocalPartRules rules;
        Duration reloadInterval;
        try {
            rules = new LocalPartRules(parseBoolean(values.getOrDefault(CASE_SENSITIVE, "false")),
                values.getOrDefault(SEPARATOR, "+"));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(NAME + ": parameter 'subaddressSeparator': " + e.getMessage(), e);
        }
        String interval = values.getOrDefault(RELOAD_INTERVAL, "10s");
        reloadInterval = reloadInterval(interval);
        RecipientListStore started = new RecipientListStore(directory, rules, reloadInterval);
        started.start();
        store = started;
        LOGGER.info("{}: recipient lists in force for {}, read from {} (changes looked for every {}; {})", NAME,
            started.lists().keySet(), directory, interval, rules);
    }

    private static Path directory(String value) throws ConfigurationException {
        String accepted = "; accepted: an existing directory holding one <domain>.txt file per relayed domain";
        if (value == null || value.isEmpty()) {
            throw new ConfigurationException(NAME + ": parameter 'directory' is required" + accepted);
        }
        try {
            Path directory = Path.of(value).toAbsolutePath().normalize();
            if (!Files.isDirectory(directory)) {
                throw new ConfigurationException(NAME + ": parameter 'directory' has value '" + value + "', which is not a directory"
                    + accepted);
            }
            return directory;
        } catch (InvalidPathException e) {
            throw new ConfigurationException(NAME + ": parameter 'directory' has value '" + value + "', which is not a path" + accepted, e);
        }
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
            if (store.verdict(rcpt.getLocalPart(), rcpt.getDomain().asString()) != RecipientVerdict.REJECT) {
                return HookResult.DECLINED;
            }
            LOGGER.info("{}: refused RCPT {} from {}: not in the recipient list of {}", NAME, rcpt.asString(), sender.asString(),
                rcpt.getDomain().asString());
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.deny())
                .smtpReturnCode("550")
                .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.ADDRESS_MAILBOX) + " <" + rcpt.asString()
                    + ">: recipient not known here")
                .build();
        } catch (RuntimeException e) {
            // Never fail a transaction because of our own trouble: the downstream server still validates.
            LOGGER.warn("{}: could not check RCPT {}; accepting: {}", NAME, rcpt, e.toString());
            return HookResult.DECLINED;
        }
    }

    /** Stops the reload thread. */
    @Override
    public void destroy() {
        RecipientListStore current = store;
        if (current != null) {
            current.close();
        }
    }
}
