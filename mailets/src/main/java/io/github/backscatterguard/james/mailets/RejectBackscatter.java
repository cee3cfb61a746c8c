package io.github.backscatterguard.james.mailets;

import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Inject;

import io.github.backscatterguard.james.dnsbl.ListingAttributes;
import io.github.backscatterguard.james.matchers.RecordedVerdict;
import io.github.backscatterguard.james.matchers.VerdictAttributes;

/**
 * Inbound: ends backscatter that was found after the mail was accepted, without ever generating a
 * bounce: the mail is stored in a quarantine repository, one line is logged, and the mail is
 * ended ({@code GHOST}). Use it behind {@code InBackscattererSafeMode} or {@code IsNdr}, as the
 * fallback of the SMTP-time refusal.
 * <pre><code>
 * &lt;mailet match="io.github.backscatterguard.james.matchers.InBackscattererSafeMode"
 *         class="io.github.backscatterguard.james.mailets.RejectBackscatter"/&gt;
 *
 * &lt;!-- another repository --&gt;
 * &lt;mailet match="io.github.backscatterguard.james.matchers.InBackscattererSafeMode"
 *         class="io.github.backscatterguard.james.mailets.RejectBackscatter"&gt;
 *     &lt;repository&gt;file://var/mail/backscatter/&lt;/repository&gt;
 * &lt;/mailet&gt;
 * </code></pre>
 * Parameter {@code repository} (optional): the quarantine, a mail repository URL; default
 * {@code <default protocol>://var/mail/backscatter-quarantine/} with the default protocol of
 * {@code mailrepositorystore.xml} (so {@code memory://var/mail/backscatter-quarantine/} on the
 * memory server, {@code file://...} on a Spring one), visible and re-sendable through WebAdmin's
 * {@code /mailRepositories}. The value {@code none} drops the mail without keeping it: RFC 5321
 * section 6.2 warns that silently dropping mail is dangerous (a bounce to a real sender may be
 * lost), so quarantine is the default and dropping must be asked for by name.
 * <p>
 * The log line (INFO) holds the mail name, remote IP, sender, recipients, the DNSBL listing of
 * {@link ListingAttributes} and the verdict of {@link VerdictAttributes} when the matcher recorded
 * them. Counters ({@code MetricFactory}): {@value #QUARANTINED_METRIC}, {@value #DROPPED_METRIC}.
 * <p>
 * If the quarantine cannot store the mail, the mail is NOT ended: one ERROR line is logged and the
 * mail goes on through the rest of the processor, normally to the recipient's mailbox. Delivering a
 * bounce we would rather have quarantined is a small harm; ending a mail that was neither kept nor
 * delivered is the silent loss RFC 5321 forbids (only {@code repository=none} accepts that loss,
 * explicitly). No exception reaches James, which would otherwise send the mail to its error
 * processor.
 */
public class RejectBackscatter extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RejectBackscatter.class);
    static final String MAILET = "RejectBackscatter";
    static final String REPOSITORY = "repository";
    static final String NONE = "none";
    static final String DEFAULT_QUARANTINE_PATH = "var/mail/backscatter-quarantine/";
    public static final String QUARANTINED_METRIC = "backscatterguard.reject.quarantined";
    public static final String DROPPED_METRIC = "backscatterguard.reject.dropped";

    private final MailRepositoryStore repositoryStore;
    private final Metric quarantined;
    private final Metric dropped;

    private Optional<MailRepositoryUrl> quarantineUrl;
    private MailRepository quarantine;

    @Inject
    public RejectBackscatter(MailRepositoryStore repositoryStore, MetricFactory metricFactory) {
        this.repositoryStore = repositoryStore;
        this.quarantined = metricFactory.generate(QUARANTINED_METRIC);
        this.dropped = metricFactory.generate(DROPPED_METRIC);
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = new MailetParameters(MAILET, this);
        parameters.requireKnown(List.of(REPOSITORY));
        String accepted = RepositoryParameter.accepted(DEFAULT_QUARANTINE_PATH) + ", or " + NONE + " to drop without keeping";
        Optional<String> value = parameters.optional(REPOSITORY, accepted);
        if (value.isPresent() && value.get().equalsIgnoreCase(NONE)) {
            quarantineUrl = Optional.empty();
            return;
        }
        MailRepositoryUrl url = RepositoryParameter.url(parameters, REPOSITORY, value, DEFAULT_QUARANTINE_PATH, repositoryStore);
        quarantine = RepositoryParameter.select(parameters, REPOSITORY, value, url, DEFAULT_QUARANTINE_PATH, repositoryStore);
        quarantineUrl = Optional.of(url);
    }

    @Override
    public void service(Mail mail) {
        String facts;
        try {
            facts = describe(mail);
        } catch (RuntimeException e) {
            facts = "(unreadable: " + e + ")";
        }
        if (quarantineUrl.isEmpty()) {
            dropped.increment();
            LOGGER.info("{}: dropped backscatter {} (repository=none)", MAILET, facts);
            mail.setState(Mail.GHOST);
            return;
        }
        try {
            quarantine.store(mail);
        } catch (Exception e) {
            LOGGER.error("{}: could not quarantine backscatter {} in {}; the mail goes on through the processor instead: {}",
                MAILET, facts, quarantineUrl.get().asString(), e.toString());
            return;
        }
        quarantined.increment();
        LOGGER.info("{}: quarantined backscatter {} in {}", MAILET, facts, quarantineUrl.get().asString());
        mail.setState(Mail.GHOST);
    }

    private static String describe(Mail mail) {
        StringBuilder facts = new StringBuilder()
            .append("mail ").append(mail.getName())
            .append(" from ").append(mail.getMaybeSender().asString())
            .append(" remote IP ").append(mail.getRemoteAddr())
            .append(" to ").append(mail.getRecipients());
        Optional<String> zone = stringAttribute(mail, ListingAttributes.ZONE);
        if (zone.isPresent()) {
            facts.append(" listing ").append(zone.get())
                .append(" ip ").append(stringAttribute(mail, ListingAttributes.IP).orElse("?"))
                .append(" codes ").append(stringAttribute(mail, ListingAttributes.CODES).orElse("?"));
            stringAttribute(mail, ListingAttributes.REASON).ifPresent(reason -> facts.append(" reason \"").append(oneLine(reason)).append('"'));
        }
        Optional<RecordedVerdict> verdict = VerdictAttributes.read(mail);
        verdict.ifPresent(recorded -> facts.append(" verdict ").append(recorded.kind().code())
            .append(" evidence ").append(oneLine(recorded.evidenceText())));
        if (zone.isEmpty() && verdict.isEmpty()) {
            facts.append(" (no listing or verdict recorded by the matcher)");
        }
        return facts.toString();
    }

    private static Optional<String> stringAttribute(Mail mail, AttributeName name) {
        return mail.getAttribute(name).flatMap(attribute -> attribute.getValue().valueAs(String.class));
    }

    /** A TXT reason or hand-set attribute must not split the log line. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ");
    }

    @Override
    public String getMailetInfo() {
        return MAILET + ": ends backscatter without a bounce, "
            + (quarantineUrl == null ? "quarantined" : quarantineUrl.map(url -> "quarantined in " + url.asString()).orElse("dropped"));
    }
}
