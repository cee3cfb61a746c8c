package io.github.backscatterguard.james.matchers;

import com.google.inject.Inject;
import io.github.backscatterguard.dnsbl.DnsblZone;
import io.github.backscatterguard.james.dnsbl.DnsblMailCheck;
import io.github.backscatterguard.james.dnsbl.SharedDnsblCache;
import java.util.Optional;
import javax.mail.MessagingException;

/**
 * Backscatterer.org in its "safe mode": matches all recipients when the envelope sender is the null
 * sender {@code <>} or {@code postmaster@} any domain AND the client IP is listed in
 * {@code ips.backscatterer.org} with answer {@code 127.0.0.2}. Mail from any other sender is not
 * checked at all (no DNS query), so shared relays of big providers that forward a few bounces do
 * not lose their ordinary mail.
 * <pre><code>
 * &lt;mailet match="io.github.backscatterguard.james.matchers.InBackscattererSafeMode"
 *         class="io.github.backscatterguard.james.mailets.RejectBackscatter"/&gt;
 *
 * &lt;!-- with a local rbldnsd mirror of the zone, behind a hosted filter at 192.0.2.0/24 --&gt;
 * &lt;mailet match="io.github.backscatterguard.james.matchers.InBackscattererSafeMode=dnsServers=127.0.0.1:5353; trustedNetworks=192.0.2.0/24; timeout=1s"
 *         class="..."/&gt;
 * </code></pre>
 * Condition: {@code key=value} pairs separated by {@code ;}, all optional:
 * <ul>
 *   <li>{@code zone}: {@code ZONE[=FILTER]}, default {@code ips.backscatterer.org=127.0.0.2};
 *       FILTER in Postfix syntax ({@code 127.0.0.2}, {@code 127.0.0.[2..11]}, {@code 127.0.0.[2;4]});</li>
 *   <li>{@code dnsServers}: {@code HOST[:PORT],...} to query instead of the system resolvers;</li>
 *   <li>{@code timeout}: per lookup, default {@code 2s}; a timeout or DNS error never matches (fail open);</li>
 *   <li>{@code maxCacheTtl}: longest reuse of an answer, default {@code 1h} (answers are kept for their DNS TTL);</li>
 *   <li>{@code extraLocalParts}: local parts that count like {@code postmaster}, e.g. {@code mailer-daemon}; none by default, as the list defines safe mode;</li>
 *   <li>{@code trustedNetworks}: CIDR blocks of relays in front of James; the IP checked is then the first untrusted hop of the Received chain;</li>
 *   <li>{@code exemptRecipients}: local parts never matched in local domains, default {@code postmaster,abuse}
 *       (they must stay reachable, RFC 5321 section 4.5.1); empty to exempt none.</li>
 * </ul>
 * What matched is recorded as the attributes of {@link io.github.backscatterguard.james.dnsbl.ListingAttributes}.
 */
public class InBackscattererSafeMode extends AbstractDnsblMatcher {
    public static final DnsblZone DEFAULT_ZONE = DnsblZone.parse("ips.backscatterer.org=127.0.0.2");

    @Inject
    public InBackscattererSafeMode(SharedDnsblCache cache) {
        super(cache);
    }

    @Override
    protected DnsblMailCheck parseCondition(String condition, SharedDnsblCache cache) throws MessagingException {
        return DnsblMailCheck.fromCondition("InBackscattererSafeMode", condition, cache, Optional.of(DEFAULT_ZONE), true);
    }

    @Override
    public String getMatcherInfo() {
        return "InBackscattererSafeMode: null or postmaster sender and client IP listed in Backscatterer.org";
    }
}
