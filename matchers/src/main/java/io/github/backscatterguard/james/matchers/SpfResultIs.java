package io.github.backscatterguard.james.matchers;

import com.google.inject.Inject;
import io.github.backscatterguard.james.spf.SharedSpfCache;
import io.github.backscatterguard.james.spf.SpfAttributes;
import io.github.backscatterguard.james.spf.SpfMailCheck;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches all recipients when the mail's SPF result (RFC 7208) is one of those listed: put on a
 * bounce path, it keeps James from sending an NDR to a sender that is probably forged, the
 * backscatter that would land on an innocent mailbox.
 * <pre><code>
 * &lt;processor state="error"&gt;
 *   &lt;mailet match="io.github.backscatterguard.james.matchers.SpfResultIs=fail,softfail,permerror"
 *           class="ToRepository"&gt;
 *     &lt;repositoryPath&gt;file://var/mail/spf-quarantine/&lt;/repositoryPath&gt;
 *   &lt;/mailet&gt;
 *   &lt;mailet match="All" class="DSNBounce"&gt;...&lt;/mailet&gt;
 * &lt;/processor&gt;
 *
 * &lt;!-- against a given resolver, with a shorter time limit --&gt;
 * &lt;mailet match="io.github.backscatterguard.james.matchers.SpfResultIs=fail; dnsServers=127.0.0.1:5353; timeout=5s"
 *         class="..."/&gt;
 * </code></pre>
 * Condition: the results to match, comma-separated, among {@code none, neutral, pass, fail,
 * softfail, temperror, permerror}; then optionally {@code ; key=value} settings:
 * <ul>
 *   <li>{@code dnsServers}: {@code HOST[:PORT],...}, the resolvers to ask (default: the system's);</li>
 *   <li>{@code timeout}: the time one whole check may take (default 20s, RFC 7208's minimum for a
 *       limit); after it the result is {@code temperror};</li>
 *   <li>{@code maxCacheAge}: how long a result is reused for the same client IP and domain, at most
 *       (default 5m; the smallest TTL of the DNS answers shortens it; 0s turns the cache off).</li>
 * </ul>
 * Half of the domains that send legitimate mail publish no SPF record: listing {@code none} would
 * withhold their bounces too, so it is not a sensible default for a bounce path.
 * <p>
 * The result is taken, in this order, from an earlier {@code SpfResultIs}, from James's
 * {@code SPF} mailet or from James's {@code SPFHandler} when they ran (see
 * {@link io.github.backscatterguard.james.spf.StoredSpfResult}); otherwise it is checked with jSPF
 * for the client IP, the envelope sender (for the null sender: {@code postmaster@<HELO name>},
 * RFC 7208 section 2.4, which James's SPFHandler skips) and the HELO name. Mail from an
 * authenticated user or a network allowed to relay is not checked and never matches. The result and
 * domain are recorded as {@link SpfAttributes} ({@code io.github.backscatterguard.spf.result},
 * {@code io.github.backscatterguard.spf.domain}). DNS trouble is {@code temperror}; any other
 * failure is logged in one line and matches nothing, so the mail follows its normal path.
 */
public class SpfResultIs extends GenericMatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpfResultIs.class);

    private final SharedSpfCache cache;
    private SpfMailCheck check;

    @Inject
    public SpfResultIs(SharedSpfCache cache) {
        this.cache = cache;
    }

    @Override
    public void init() throws MessagingException {
        check = SpfMailCheck.fromCondition("SpfResultIs", getCondition(), cache);
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        try {
            Optional<SpfMailCheck.Finding> finding = check.check(mail);
            if (finding.isEmpty()) {
                return List.of();
            }
            SpfAttributes.write(mail, finding.get().result(), finding.get().domain());
            if (!check.results().contains(finding.get().result())) {
                return List.of();
            }
            LOGGER.info("SpfResultIs: mail {} from {} via {} has SPF {} ({}); matching its {} recipients", mail.getName(),
                mail.getMaybeSender().asString(), mail.getRemoteAddr(), finding.get().result(), finding.get().source(),
                mail.getRecipients().size());
            return mail.getRecipients();
        } catch (Exception e) {
            LOGGER.warn("SpfResultIs: could not check the SPF of mail {}, not matching it: {}", mail.getName(), e.toString());
            return List.of();
        }
    }

    @Override
    public String getMatcherInfo() {
        return "SpfResultIs: the mail's SPF result is one of those listed";
    }
}
