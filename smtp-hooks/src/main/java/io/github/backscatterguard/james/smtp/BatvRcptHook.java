package io.github.backscatterguard.james.smtp;

import io.github.backscatterguard.config.LocalPartList;
import com.google.inject.Inject;
import io.github.backscatterguard.batv.BatvKeyRing;
import io.github.backscatterguard.batv.PrvsCheck;
import io.github.backscatterguard.batv.PrvsCodec;
import io.github.backscatterguard.config.Durations;
import java.io.IOException;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.james.smtpserver.fastfail.ValidRcptHandler;
import org.apache.james.user.api.UsersRepository;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BATV at RCPT time: a bounce (envelope sender {@code <>}) to an address of our domains must come
 * back to a signed address ({@code prvs=KDDDSSSSSS=alice@example.com}, written by {@code BatvSign} on
 * the mail that bounced), so a bounce to a plain or badly signed address answers mail we never sent
 * and is refused with {@code 550 5.7.1} before it is accepted: no bounce of ours is ever made.
 * <pre><code>
 * &lt;handlerchain&gt;
 *     &lt;handler class="io.github.backscatterguard.james.smtp.BatvRcptHook"&gt;
 *         &lt;keyFile&gt;/etc/james/batv.keys&lt;/keyFile&gt;  &lt;!-- required: the file BatvSign uses --&gt;
 *         &lt;domains&gt;local&lt;/domains&gt;               &lt;!-- default; or example.com,example.org --&gt;
 *         &lt;validity&gt;7d&lt;/validity&gt;                 &lt;!-- default; as BatvSign's --&gt;
 *         &lt;mode&gt;reject&lt;/mode&gt;                     &lt;!-- default; tag-only to roll out --&gt;
 *         &lt;exemptRecipients&gt;postmaster,abuse&lt;/exemptRecipients&gt; &lt;!-- default --&gt;
 *     &lt;/handler&gt;
 *     &lt;handler class="org.apache.james.smtpserver.fastfail.ValidRcptHandler"/&gt;
 *     &lt;handler class="org.apache.james.smtpserver.CoreCmdHandlerLoader"/&gt;
 * &lt;/handlerchain&gt;
 * </code></pre>
 * It must come before {@code ValidRcptHandler} and {@code CoreCmdHandlerLoader}. Decisions, for a
 * recipient in the signing domains ({@code domains}: {@code local} = James's domain list, and/or
 * names, comma-separated); other recipients are not looked at:
 * <table>
 *   <caption>What happens to each recipient</caption>
 *   <tr><th>sender</th><th>recipient</th><th>reject mode</th></tr>
 *   <tr><td>{@code <>}</td><td>signed, tag valid</td><td>accepted (see below)</td></tr>
 *   <tr><td>{@code <>}</td><td>plain</td><td>{@code 550 5.7.1}, except the {@code exemptRecipients}</td></tr>
 *   <tr><td>{@code <>}</td><td>signed, tag bad, expired or of an unknown key</td><td>{@code 550 5.7.1}</td></tr>
 *   <tr><td>any other</td><td>signed, tag valid</td><td>accepted (a reply to the signed address)</td></tr>
 *   <tr><td>any other</td><td>signed, tag not valid</td><td>{@code 550 5.7.1}</td></tr>
 *   <tr><td>any other</td><td>plain</td><td>not our business: James goes on as usual</td></tr>
 * </table>
 * A signed address is not a user, so {@code ValidRcptHandler} would refuse it: the hook checks the
 * original address with James's own {@code ValidRcptHandler} logic (users, aliases, domain mappings),
 * refuses it as James would ({@code 550 5.1.1 Unknown user}) when it is not valid, and otherwise
 * answers {@code OK}, which in James 3.8.1's RCPT handling accepts the recipient and skips the
 * remaining RCPT hooks. The recipient stays in its signed form in the envelope: put
 * {@code BatvStrip} early in the {@code root} processor. A signed recipient of a domain that is not
 * in James's domain list is never accepted by this hook (the relay rules decide).
 * <p>
 * {@code mode=tag-only} refuses nothing: every recipient the reject mode would refuse, and every
 * valid one, is accepted as above, and the message gets a header
 * {@code X-Backscatter-Guard-BATV: <status>[,<status>...]} (statuses {@code valid},
 * {@code not-tagged}, {@code bad-signature}, {@code expired}, {@code unknown-key}; addresses are left
 * out, as the header is seen by every recipient). A RCPT hook cannot change the message, so the
 * statuses are kept in the SMTP session's transaction state and written at the end of DATA by the
 * same class acting as a {@code JamesMessageHook} (the one {@code <handler>} line registers both).
 * A header of that name sent by the client is removed. Use {@code BatvStrip} with
 * {@code restore=any} during tag-only, so that signed recipients with a bad tag reach their mailbox.
 * <p>
 * Every client is checked, including authenticated clients and {@code authorizedAddresses}: a
 * signed address is ours whoever writes to it, and a backup MX or filter relaying bounces to James
 * is exactly what must be checked. {@code exemptRecipients} (local parts, default
 * {@code postmaster,abuse}) are never refused when unsigned (RFC 5321 4.5.1, RFC 2142).
 * <p>
 * One INFO line per refusal (and per would-be refusal in tag-only mode). On any unexpected error
 * (the domain list failing...) it logs one line and lets James decide, as if the hook were absent.
 */
public class BatvRcptHook implements RcptHook, JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(BatvRcptHook.class);
    static final String NAME = "BatvRcptHook";
    static final String KEY_FILE = "keyfile";
    static final String VALIDITY = "validity";
    static final String DOMAINS = "domains";
    static final String MODE = "mode";
    static final String EXEMPT_RECIPIENTS = "exemptrecipients";
    public static final String HEADER = "X-Backscatter-Guard-BATV";
    static final AttachmentKey<String> STATUSES = AttachmentKey.of("io.github.backscatterguard.batv.statuses", String.class);

    private static final String LOCAL = "local";
    private static final String KEY_FILE_ACCEPTED = "the path of a readable file with one key per line, 'N SECRET'"
        + " (N = key number 0-9), e.g. /etc/james/batv.keys";
    private static final String VALIDITY_ACCEPTED = "whole days from 1d to 999d (default 7d)";
    private static final String DOMAINS_ACCEPTED = "'local' (James's domain list, the default) and/or domain names,"
        + " comma-separated, e.g. local or example.com,example.org";
    private static final String MODE_ACCEPTED = "reject (default) or tag-only";

    /** What the hook does with a recipient that fails the check. */
    enum Mode {
        REJECT, TAG_ONLY
    }

    private final DomainList domainList;
    private final ValidRcptHandler originalCheck;
    private final Clock clock;
    private PrvsCodec codec;
    private Mode mode;
    private Set<String> domains;
    private boolean localDomains;
    private Set<String> exemptRecipients;

    @Inject
    public BatvRcptHook(UsersRepository users, RecipientRewriteTable recipientRewriteTable, DomainList domainList) {
        this(users, recipientRewriteTable, domainList, Clock.systemUTC());
    }

    BatvRcptHook(UsersRepository users, RecipientRewriteTable recipientRewriteTable, DomainList domainList, Clock clock) {
        this.domainList = domainList;
        this.originalCheck = new ValidRcptHandler(users, recipientRewriteTable, domainList);
        this.clock = clock;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        Map<String, String> values = HookParameters.read(NAME, config, Set.of(KEY_FILE, VALIDITY, DOMAINS, MODE, EXEMPT_RECIPIENTS));
        String keyFile = values.get(KEY_FILE);
        if (keyFile == null || keyFile.isEmpty()) {
            throw new ConfigurationException(NAME + ": parameter 'keyFile' is required; accepted: " + KEY_FILE_ACCEPTED);
        }
        BatvKeyRing keys;
        try {
            keys = BatvKeyRing.read(Paths.get(keyFile));
        } catch (IOException e) {
            throw new ConfigurationException(NAME + ": parameter 'keyFile' has invalid value '" + keyFile + "': cannot read it ("
                + e + "); accepted: " + KEY_FILE_ACCEPTED, e);
        } catch (IllegalArgumentException e) {
            // BatvKeyRing names the file and the line, never the secret.
            throw new ConfigurationException(NAME + ": parameter 'keyFile' has invalid value '" + keyFile + "': " + e.getMessage()
                + "; accepted: " + KEY_FILE_ACCEPTED, e);
        }
        String validity = values.getOrDefault(VALIDITY, "7d");
        try {
            codec = new PrvsCodec(keys, Durations.parse(validity), clock);
        } catch (IllegalArgumentException e) {
            throw invalid("validity", validity, VALIDITY_ACCEPTED, e);
        }
        mode = mode(values.getOrDefault(MODE, "reject"));
        readDomains(values.getOrDefault(DOMAINS, LOCAL));
        exemptRecipients = localParts(values.getOrDefault(EXEMPT_RECIPIENTS, "postmaster,abuse"));
        LOGGER.info("{}: checking BATV signatures of bounces to domains {} (mode {})", NAME, describeDomains(),
            mode == Mode.REJECT ? "reject" : "tag-only");
    }

    private static Mode mode(String value) throws ConfigurationException {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "reject":
                return Mode.REJECT;
            case "tag-only":
                return Mode.TAG_ONLY;
            default:
                throw invalid("mode", value, MODE_ACCEPTED, null);
        }
    }

    private void readDomains(String value) throws ConfigurationException {
        Set<String> names = Arrays.stream(value.split(",", -1)).map(name -> name.trim().toLowerCase(Locale.ROOT))
            .collect(Collectors.toCollection(TreeSet::new));
        if (names.contains("")) {
            throw invalid("domains", value, DOMAINS_ACCEPTED, null);
        }
        localDomains = names.remove(LOCAL);
        for (String name : names) {
            try {
                Domain.of(name);
            } catch (IllegalArgumentException e) {
                throw invalid("domains", value, DOMAINS_ACCEPTED, e);
            }
        }
        domains = Set.copyOf(names);
    }

    private static ConfigurationException invalid(String parameter, String value, String accepted, Exception cause) {
        return new ConfigurationException(NAME + ": parameter '" + parameter + "' has invalid value '" + value + "'; accepted: " + accepted
            + (cause == null ? "" : " (" + cause.getMessage() + ")"), cause);
    }

    private static Set<String> localParts(String value) throws ConfigurationException {
        try {
            return LocalPartList.parse(value, "exemptRecipients");
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(NAME + ": " + e.getMessage(), e);
        }
    }

    private String describeDomains() {
        Set<String> all = new TreeSet<>(domains);
        if (localDomains) {
            all.add(LOCAL);
        }
        return String.join(",", all);
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        try {
            return decide(session, sender, rcpt);
        } catch (Exception e) {
            LOGGER.warn("{}: could not check RCPT {} from {}; left to James: {}", NAME, rcpt.asString(), sender.asString(), e.toString());
            return HookResult.DECLINED;
        }
    }

    private HookResult decide(SMTPSession session, MaybeSender sender, MailAddress rcpt) throws Exception {
        if (!isSigningDomain(rcpt.getDomain())) {
            return HookResult.DECLINED;
        }
        PrvsCheck check = codec.verify(rcpt.asString());
        if (check.status() == PrvsCheck.Status.NOT_TAGGED) {
            if (!sender.isNullSender() || exemptRecipients.contains(rcpt.getLocalPart().toLowerCase(Locale.ROOT))) {
                return HookResult.DECLINED;
            }
            if (mode == Mode.TAG_ONLY) {
                wouldRefuse(session, sender, rcpt, check);
                return HookResult.DECLINED;
            }
            return refuse(sender, rcpt, check);
        }
        if (!check.isValid()) {
            if (mode == Mode.REJECT) {
                return refuse(sender, rcpt, check);
            }
            wouldRefuse(session, sender, rcpt, check);
        } else if (mode == Mode.TAG_ONLY) {
            record(session, check);
        }
        return acceptSigned(session, sender, rcpt, new MailAddress(check.original().orElseThrow()));
    }

    private boolean isSigningDomain(Domain domain) throws DomainListException {
        return domains.contains(domain.asString().toLowerCase(Locale.ROOT)) || (localDomains && domainList.containsDomain(domain));
    }

    /** The signed address is not a user: accept it when James would accept its original. */
    private HookResult acceptSigned(SMTPSession session, MaybeSender sender, MailAddress signed, MailAddress original) throws DomainListException {
        if (!domainList.containsDomain(signed.getDomain())) {
            return HookResult.DECLINED;
        }
        HookResult originalResult = originalCheck.doRcpt(session, sender, original);
        HookReturnCode.Action action = originalResult.getResult().getAction();
        if (action == HookReturnCode.Action.DENY || action == HookReturnCode.Action.DENYSOFT) {
            return originalResult;
        }
        return HookResult.OK;
    }

    private HookResult refuse(MaybeSender sender, MailAddress rcpt, PrvsCheck check) {
        String reason = sender.isNullSender()
            ? "BATV: no valid signature (" + check.status().code() + "); this address sends no mail that could bounce here"
            : "BATV: no valid signature (" + check.status().code() + ") on this signed address";
        LOGGER.info("{}: refused RCPT {} from {}: {}", NAME, rcpt.asString(), sender.asString(), check.status().code());
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode("550")
            .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH) + " " + reason)
            .build();
    }

    private void wouldRefuse(SMTPSession session, MaybeSender sender, MailAddress rcpt, PrvsCheck check) {
        LOGGER.info("{}: tag-only: would refuse RCPT {} from {}: {}", NAME, rcpt.asString(), sender.asString(), check.status().code());
        record(session, check);
    }

    private static void record(SMTPSession session, PrvsCheck check) {
        Set<String> statuses = new LinkedHashSet<>();
        session.getAttachment(STATUSES, State.Transaction).ifPresent(recorded -> statuses.addAll(Arrays.asList(recorded.split(","))));
        statuses.add(check.status().code());
        session.setAttachment(STATUSES, String.join(",", statuses), State.Transaction);
    }

    /** End of DATA, tag-only mode: writes the statuses recorded at RCPT into the header. */
    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        if (mode != Mode.TAG_ONLY) {
            return HookResult.DECLINED;
        }
        try {
            String statuses = session.getAttachment(STATUSES, State.Transaction).orElse(null);
            MimeMessage message = mail.getMessage();
            if (statuses != null) {
                message.setHeader(HEADER, statuses);
                message.saveChanges();
            } else if (message.getHeader(HEADER) != null) {
                message.removeHeader(HEADER); // only ours is to be trusted
                message.saveChanges();
            }
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("{}: could not write the {} header on mail {}: {}", NAME, HEADER, mail.getName(), e.toString());
        }
        return HookResult.DECLINED;
    }
}
