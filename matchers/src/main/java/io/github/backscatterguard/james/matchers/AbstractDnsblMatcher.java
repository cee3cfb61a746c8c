package io.github.backscatterguard.james.matchers;

import io.github.backscatterguard.james.dnsbl.DnsblMailCheck;
import io.github.backscatterguard.james.dnsbl.ListingAttributes;
import io.github.backscatterguard.james.dnsbl.SharedDnsblCache;
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
 * What the DNSBL matchers have in common: parse the condition once in {@code init()}, check each
 * mail, record the listing on it, and never throw into James (a failure matches nothing).
 */
abstract class AbstractDnsblMatcher extends GenericMatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(AbstractDnsblMatcher.class);

    private final SharedDnsblCache cache;
    private DnsblMailCheck check;

    AbstractDnsblMatcher(SharedDnsblCache cache) {
        this.cache = cache;
    }

    protected abstract DnsblMailCheck parseCondition(String condition, SharedDnsblCache cache) throws MessagingException;

    @Override
    public void init() throws MessagingException {
        check = parseCondition(getCondition(), cache);
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        try {
            Optional<DnsblMailCheck.Listing> listing = check.check(mail);
            if (listing.isEmpty()) {
                return List.of();
            }
            ListingAttributes.write(mail, listing.get().ip(), listing.get().result());
            List<MailAddress> matched = check.recipientsToAct(mail, getMailetContext());
            LOGGER.info("{}: mail {} from {} via {} is {}; matching {} of {} recipients", getClass().getSimpleName(), mail.getName(),
                mail.getMaybeSender().asString(), listing.get().ip().getHostAddress(), listing.get().result().describe(),
                matched.size(), mail.getRecipients().size());
            return matched;
        } catch (Exception e) {
            LOGGER.warn("{}: could not check mail {}, treating it as not listed: {}", getClass().getSimpleName(), mail.getName(), e.toString());
            return List.of();
        }
    }
}
