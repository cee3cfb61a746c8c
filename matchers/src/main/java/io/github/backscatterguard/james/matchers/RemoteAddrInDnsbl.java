package io.github.backscatterguard.james.matchers;

import com.google.inject.Inject;
import io.github.backscatterguard.james.dnsbl.DnsblMailCheck;
import io.github.backscatterguard.james.dnsbl.SharedDnsblCache;
import java.util.Optional;
import javax.mail.MessagingException;

/**
 * Matches all recipients when the client IP (IPv4 or IPv6) is listed in a DNSBL zone whose answer
 * passes the return-code filter: a correct replacement for James's {@code InSpammerBlacklist},
 * which treats any answer as a listing, handles no IPv6 and has no timeout or cache of its own.
 * <pre><code>
 * &lt;mailet match="io.github.backscatterguard.james.matchers.RemoteAddrInDnsbl=zone=zen.spamhaus.org=127.0.0.[2..11]"
 *         class="ToRepository"&gt;&lt;repositoryPath&gt;memory://var/mail/dnsbl/&lt;/repositoryPath&gt;&lt;/mailet&gt;
 *
 * &lt;!-- safe mode on another zone --&gt;
 * &lt;mailet match="io.github.backscatterguard.james.matchers.RemoteAddrInDnsbl=zone=bl.example.org=127.0.0.2; senders=safe-mode"
 *         class="..."/&gt;
 * </code></pre>
 * Condition: {@code key=value} pairs separated by {@code ;}:
 * <ul>
 *   <li>{@code zone} (required): {@code ZONE[=FILTER]}; without a filter any answer in 127.0.0.0/8 counts;</li>
 *   <li>{@code senders}: {@code any} (default) or {@code safe-mode} (only {@code <>} and {@code postmaster@});</li>
 *   <li>{@code extraLocalParts}, {@code dnsServers}, {@code timeout} (default 2s), {@code maxCacheTtl}
 *       (default 1h), {@code trustedNetworks}, {@code exemptRecipients} (default postmaster,abuse):
 *       as for {@link InBackscattererSafeMode}.</li>
 * </ul>
 * Answers outside 127.0.0.0/8 and the 127.255.255.x "query refused" codes are errors, not
 * listings (RFC 5782); errors and timeouts never match (fail open), are counted and logged once per
 * zone and period. What matched is recorded as in {@link io.github.backscatterguard.james.dnsbl.ListingAttributes}.
 */
public class RemoteAddrInDnsbl extends AbstractDnsblMatcher {
    @Inject
    public RemoteAddrInDnsbl(SharedDnsblCache cache) {
        super(cache);
    }

    @Override
    protected DnsblMailCheck parseCondition(String condition, SharedDnsblCache cache) throws MessagingException {
        return DnsblMailCheck.fromCondition("RemoteAddrInDnsbl", condition, cache, Optional.empty(), false);
    }

    @Override
    public String getMatcherInfo() {
        return "RemoteAddrInDnsbl: client IP listed in a DNSBL zone";
    }
}
