package io.github.backscatterguard.james.mailets;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Inject;

import io.github.backscatterguard.james.matchers.RecordedVerdict;
import io.github.backscatterguard.james.matchers.VerdictAttributes;
import io.github.backscatterguard.ndr.MessageKind;
import io.github.backscatterguard.policy.DomainRateGuard;
import io.github.backscatterguard.policy.RateLimit;

/**
 * Outbound: sends the NDRs found among relayed mail to the processor that holds the NDR pool's
 * {@code RemoteDelivery} (its own {@code <outgoing>} queue and {@code <bind>} address), so that
 * relayed bounces never leave from the IPs of ordinary mail.
 * <pre><code>
 * &lt;processor state="relay" enableJmx="true"&gt;
 *     &lt;mailet match="io.github.backscatterguard.james.matchers.IsNdr=ndr,delay"
 *             class="io.github.backscatterguard.james.mailets.RerouteNdr"&gt;
 *         &lt;processor&gt;ndr-pool&lt;/processor&gt;
 *         &lt;returnContent&gt;headers&lt;/returnContent&gt;
 *         &lt;rateLimit&gt;100/1h&lt;/rateLimit&gt;
 *         &lt;traceHeader&gt;X-Backscatter-Guard-Rerouted&lt;/traceHeader&gt;
 *     &lt;/mailet&gt;
 *     ...
 * &lt;/processor&gt;
 *
 * &lt;processor state="ndr-pool" enableJmx="true"&gt;
 *     &lt;mailet match="All" class="RemoteDelivery"&gt;
 *         &lt;outgoing&gt;ndr-outgoing&lt;/outgoing&gt;
 *         &lt;bind&gt;192.0.2.3&lt;/bind&gt;
 *         &lt;heloName&gt;ndr.example.com&lt;/heloName&gt;
 *         &lt;bounceProcessor&gt;ndr-bounces&lt;/bounceProcessor&gt;  &lt;!-- stores, never bounces a bounce --&gt;
 *     &lt;/mailet&gt;
 * &lt;/processor&gt;
 * </code></pre>
 * Parameters:
 * <ul>
 *   <li>{@code processor} (required): the processor the mail is sent to, as James's {@code ToProcessor} does.</li>
 *   <li>{@code returnContent}: {@code headers} (default) or {@code full}. With {@code headers} a returned
 *       {@code message/rfc822} part becomes {@code text/rfc822-headers} (and {@code message/global}
 *       becomes {@code message/global-headers}), as the original sender's {@code RET=HDRS} would have
 *       made it; the delivery-status part and the human-readable text stay as they were. Default
 *       {@code headers}: most relayed NDRs answer spam with forged senders, and a returned body
 *       is then spam relayed back out from our pool, which is what gets the pool listed; the
 *       headers are all a real sender needs to identify the message. A message with no returned
 *       part is left unchanged.</li>
 *   <li>{@code rateLimit}: {@code COUNT/DURATION}, e.g. {@code 100/1h}, per recipient domain; none by
 *       default. A quiet domain may receive a burst of COUNT, then COUNT per DURATION (token bucket,
 *       see {@link DomainRateGuard}); at most {@value DomainRateGuard#DEFAULT_MAX_DOMAINS} domains
 *       are tracked. A mail whose recipients span several domains is checked against each and
 *       overflows whole if any is full (NDRs have a single recipient, the bounced sender, so no mail
 *       is split). The count lives in this mailet instance.</li>
 *   <li>{@code overflowProcessor}: where mail over the limit goes, e.g. a slower pool; requires {@code rateLimit}.</li>
 *   <li>{@code overflowRepository}: where mail over the limit is stored when there is no
 *       {@code overflowProcessor}; default {@code <default protocol>://var/mail/ndr-overflow/} with
 *       the default protocol of {@code mailrepositorystore.xml} (so
 *       {@code memory://var/mail/ndr-overflow/} on the memory server, {@code file://...} on a Spring
 *       one); visible and re-sendable through WebAdmin's {@code /mailRepositories}. Requires
 *       {@code rateLimit}; cannot be combined with {@code overflowProcessor}.</li>
 *   <li>{@code traceHeader}: a header name, e.g. {@code X-Backscatter-Guard-Rerouted}; none by default.
 *       The header, replacing any of that name, reads {@code <kind>; pool=<processor>} (or
 *       {@code <kind>; overflow=<overflowProcessor>}).</li>
 * </ul>
 * Mail sent to a processor (the pool or the overflow processor) is trimmed per {@code returnContent};
 * mail stored in the overflow repository is kept exactly as received, for the administrator.
 * <p>
 * Counters ({@code MetricFactory}): {@value #REROUTED_METRIC}, {@value #OVERFLOW_METRIC},
 * {@value #TRIMMED_METRIC}. One INFO line per mail: its name, sender, recipients, kind (from
 * {@link VerdictAttributes}, written by {@code IsNdr}) and action.
 * <p>
 * It never throws into James: if trimming, the trace header or the overflow repository fail, it logs
 * one line and the mail goes on unchanged to the processor it was bound for (the pool when the
 * overflow repository failed). An untrimmed NDR leaving from the NDR pool is a small harm; an
 * exception would make James bounce the bounce, i.e. create backscatter.
 */
public class RerouteNdr extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RerouteNdr.class);
    static final String MAILET = "RerouteNdr";
    static final String PROCESSOR = "processor";
    static final String RETURN_CONTENT = "returnContent";
    static final String RATE_LIMIT = "rateLimit";
    static final String OVERFLOW_PROCESSOR = "overflowProcessor";
    static final String OVERFLOW_REPOSITORY = "overflowRepository";
    static final String TRACE_HEADER = "traceHeader";
    static final String DEFAULT_OVERFLOW_PATH = "var/mail/ndr-overflow/";
    public static final String REROUTED_METRIC = "backscatterguard.reroute.rerouted";
    public static final String OVERFLOW_METRIC = "backscatterguard.reroute.overflow";
    public static final String TRIMMED_METRIC = "backscatterguard.reroute.trimmed";

    /** What is kept of a returned message. */
    enum ReturnContent {
        FULL, HEADERS;

        static final String ACCEPTED = "full or headers (default headers)";

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MailRepositoryStore repositoryStore;
    private final Metric rerouted;
    private final Metric overflowed;
    private final Metric trimmed;

    private String processor;
    private ReturnContent returnContent;
    private Optional<DomainRateGuard> rateGuard;
    private Optional<String> overflowProcessor;
    private Optional<MailRepositoryUrl> overflowUrl;
    private MailRepository overflowRepository;
    private Optional<String> traceHeader;

    @Inject
    public RerouteNdr(MailRepositoryStore repositoryStore, MetricFactory metricFactory) {
        this.repositoryStore = repositoryStore;
        this.rerouted = metricFactory.generate(REROUTED_METRIC);
        this.overflowed = metricFactory.generate(OVERFLOW_METRIC);
        this.trimmed = metricFactory.generate(TRIMMED_METRIC);
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = new MailetParameters(MAILET, this);
        parameters.requireKnown(List.of(PROCESSOR, RETURN_CONTENT, RATE_LIMIT, OVERFLOW_PROCESSOR, OVERFLOW_REPOSITORY, TRACE_HEADER));
        processor = parameters.required(PROCESSOR, "the name of the processor holding the NDR pool's RemoteDelivery, e.g. ndr-pool");
        returnContent = returnContent(parameters);
        Optional<RateLimit> rateLimit = rateLimit(parameters);
        rateGuard = rateLimit.map(DomainRateGuard::new);
        overflowProcessor = parameters.optional(OVERFLOW_PROCESSOR, "the name of a processor, e.g. ndr-overflow");
        Optional<String> repository = parameters.optional(OVERFLOW_REPOSITORY, RepositoryParameter.accepted(DEFAULT_OVERFLOW_PATH));
        if (rateLimit.isEmpty()) {
            for (String parameter : List.of(OVERFLOW_PROCESSOR, OVERFLOW_REPOSITORY)) {
                if (getInitParameter(parameter) != null) {
                    throw parameters.invalid(parameter, getInitParameter(parameter), "only together with " + RATE_LIMIT
                        + ", which is not set");
                }
            }
        }
        if (overflowProcessor.isPresent() && repository.isPresent()) {
            throw parameters.invalid(OVERFLOW_REPOSITORY, repository.get(), "no value when " + OVERFLOW_PROCESSOR
                + " is set (overflow goes either to a processor or to a repository)");
        }
        overflowUrl = Optional.empty();
        if (rateLimit.isPresent() && overflowProcessor.isEmpty()) {
            MailRepositoryUrl url = RepositoryParameter.url(parameters, OVERFLOW_REPOSITORY, repository, DEFAULT_OVERFLOW_PATH, repositoryStore);
            overflowRepository = RepositoryParameter.select(parameters, OVERFLOW_REPOSITORY, repository, url, DEFAULT_OVERFLOW_PATH, repositoryStore);
            overflowUrl = Optional.of(url);
        }
        traceHeader = parameters.headerName(TRACE_HEADER);
    }

    private static ReturnContent returnContent(MailetParameters parameters) throws MessagingException {
        Optional<String> value = parameters.optional(RETURN_CONTENT, ReturnContent.ACCEPTED);
        if (value.isEmpty()) {
            return ReturnContent.HEADERS;
        }
        switch (value.get().toLowerCase(Locale.ROOT)) {
            case "full":
                return ReturnContent.FULL;
            case "headers":
                return ReturnContent.HEADERS;
            default:
                throw parameters.invalid(RETURN_CONTENT, value.get(), ReturnContent.ACCEPTED);
        }
    }

    private static Optional<RateLimit> rateLimit(MailetParameters parameters) throws MessagingException {
        String accepted = "COUNT/DURATION, e.g. 100/1h or 20/10m";
        Optional<String> value = parameters.optional(RATE_LIMIT, accepted);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(RateLimit.parse(value.get()));
        } catch (IllegalArgumentException e) {
            throw parameters.invalid(RATE_LIMIT, value.get(), accepted, e);
        }
    }

    @Override
    public void service(Mail mail) {
        String kind = kindOf(mail);
        String destination = processor;
        try {
            Set<String> domains = recipientDomains(mail);
            if (rateGuard.isPresent() && !domains.isEmpty() && !rateGuard.get().tryAcquireAll(domains)) {
                if (overflowProcessor.isPresent()) {
                    destination = overflowProcessor.get();
                    String content = prepare(mail, kind, "overflow=" + destination);
                    mail.setState(destination);
                    overflowed.increment();
                    log(mail, kind, "overflow to processor " + destination + " (rateLimit " + rateGuard.get().limit()
                        + " per domain reached for " + domains + "), content " + content);
                } else {
                    overflowRepository.store(mail);
                    mail.setState(Mail.GHOST);
                    overflowed.increment();
                    log(mail, kind, "overflow stored in " + overflowUrl.get().asString() + " (rateLimit "
                        + rateGuard.get().limit() + " per domain reached for " + domains + ")");
                }
                return;
            }
            String content = prepare(mail, kind, "pool=" + processor);
            mail.setState(processor);
            rerouted.increment();
            log(mail, kind, "rerouted to processor " + processor + ", content " + content);
        } catch (Exception e) {
            LOGGER.warn("{}: could not handle mail {} (sender {}, recipients {}, kind {}); sent unchanged to processor {}: {}",
                MAILET, mail.getName(), sender(mail), mail.getRecipients(), kind, destination, e.toString());
            mail.setState(destination);
        }
    }

    /** Trims and marks the mail for a processor; returns how its content was left, for the log. */
    private String prepare(Mail mail, String kind, String trace) throws MessagingException, IOException {
        MimeMessage outgoing = mail.getMessage();
        String content = returnContent.code();
        boolean wasTrimmed = false;
        if (returnContent == ReturnContent.HEADERS) {
            Optional<MimeMessage> headersOnly = ReturnedMessageTrimmer.headersOnly(outgoing);
            if (headersOnly.isPresent()) {
                outgoing = headersOnly.get();
                wasTrimmed = true;
            } else {
                content = "unchanged (no returned message)";
            }
        }
        if (traceHeader.isPresent()) {
            outgoing.setHeader(traceHeader.get(), kind + "; " + trace);
            outgoing.saveChanges();
        }
        if (wasTrimmed) {
            mail.setMessage(outgoing);
            trimmed.increment();
        }
        return content;
    }

    private static String kindOf(Mail mail) {
        try {
            return VerdictAttributes.read(mail).map(RecordedVerdict::kind).map(MessageKind::code).orElse("unknown");
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static Set<String> recipientDomains(Mail mail) {
        Set<String> domains = new TreeSet<>();
        for (MailAddress recipient : mail.getRecipients()) {
            domains.add(recipient.getDomain().asString().toLowerCase(Locale.ROOT));
        }
        return domains;
    }

    private static String sender(Mail mail) {
        return mail.getMaybeSender().asString();
    }

    private static void log(Mail mail, String kind, String action) {
        LOGGER.info("{}: mail {} from {} to {} kind {}: {}", MAILET, mail.getName(), sender(mail), mail.getRecipients(), kind, action);
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return overflowProcessor == null || overflowProcessor.isEmpty()
            ? List.of(new ProcessingState(processor))
            : List.of(new ProcessingState(processor), new ProcessingState(overflowProcessor.get()));
    }

    @Override
    public String getMailetInfo() {
        return MAILET + ": sends NDRs to the processor of the NDR delivery pool"
            + (processor == null ? "" : " (" + processor + ", returnContent " + returnContent.code()
                + rateGuard.map(guard -> ", rateLimit " + guard.limit() + " per domain").orElse("") + ")");
    }
}
