package io.github.backscatterguard.james.dnsbl;

import io.github.backscatterguard.config.KeyValueCondition;
import io.github.backscatterguard.config.LocalPartList;
import io.github.backscatterguard.dnsbl.DnsblChecker;
import io.github.backscatterguard.dnsbl.DnsblResult;
import io.github.backscatterguard.dnsbl.DnsblSettings;
import io.github.backscatterguard.dnsbl.DnsblZone;
import io.github.backscatterguard.policy.FirstUntrustedHop;
import io.github.backscatterguard.policy.SafeModeSenderPolicy;
import io.github.backscatterguard.policy.TrustedNetworks;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;

/**
 * The decision the DNSBL matchers share: does this mail's sender qualify, which IP to check (the
 * client's, or behind trusted relays the first untrusted hop of the Received chain), and is that IP
 * listed. Built once in a matcher's {@code init()} from its condition; immutable after.
 */
public final class DnsblMailCheck {
    public static final String SENDERS = "senders";
    public static final String EXTRA_LOCAL_PARTS = "extralocalparts";
    public static final String TRUSTED_NETWORKS = "trustednetworks";
    public static final String EXEMPT_RECIPIENTS = "exemptrecipients";
    /** RFC 5321 section 4.5.1 and RFC 2142: these must stay reachable, even by a listed server. */
    public static final String DEFAULT_EXEMPT_RECIPIENTS = "postmaster,abuse";

    /** What a listed mail yields: the IP that was checked and the zone's answer. */
    public static final class Listing {
        private final InetAddress ip;
        private final DnsblResult result;

        Listing(InetAddress ip, DnsblResult result) {
            this.ip = ip;
            this.result = result;
        }

        public InetAddress ip() {
            return ip;
        }

        public DnsblResult result() {
            return result;
        }
    }

    private final DnsblSettings settings;
    private final DnsblChecker checker;
    private final Optional<SafeModeSenderPolicy> senderPolicy;
    private final FirstUntrustedHop hop;
    private final Set<String> exemptRecipients;

    private DnsblMailCheck(DnsblSettings settings, DnsblChecker checker, Optional<SafeModeSenderPolicy> senderPolicy,
                           FirstUntrustedHop hop, Set<String> exemptRecipients) {
        this.settings = settings;
        this.checker = checker;
        this.senderPolicy = senderPolicy;
        this.hop = hop;
        this.exemptRecipients = exemptRecipients;
    }

    /**
     * Parses a matcher condition ({@code key=value; ...}).
     *
     * @param component the matcher's name, for error messages
     * @param defaultZone the zone when the condition names none; empty makes {@code zone} required
     * @param safeModeByDefault whether {@code senders} defaults to {@code safe-mode} (else {@code any})
     * @throws MessagingException naming the component, the parameter, the bad value and what is accepted
     */
    public static DnsblMailCheck fromCondition(String component, String condition, SharedDnsblCache cache,
                                               Optional<DnsblZone> defaultZone, boolean safeModeByDefault) throws MessagingException {
        Set<String> keys = new HashSet<>(DnsblSettings.KEYS);
        keys.addAll(Set.of(SENDERS, EXTRA_LOCAL_PARTS, TRUSTED_NETWORKS, EXEMPT_RECIPIENTS));
        try {
            Map<String, String> values = KeyValueCondition.parse(condition, keys);
            DnsblSettings settings = DnsblSettings.from(values, defaultZone);
            boolean safeMode = parseSenders(values.get(SENDERS), safeModeByDefault);
            Set<String> extra = LocalPartList.parse(values.getOrDefault(EXTRA_LOCAL_PARTS, ""), "extraLocalParts");
            if (!safeMode && !extra.isEmpty()) {
                throw new IllegalArgumentException("parameter 'extraLocalParts' only applies with senders=safe-mode");
            }
            Optional<SafeModeSenderPolicy> policy = safeMode ? Optional.of(SafeModeSenderPolicy.withExtraLocalParts(extra)) : Optional.empty();
            TrustedNetworks trusted = values.containsKey(TRUSTED_NETWORKS) ? parseTrusted(values.get(TRUSTED_NETWORKS)) : TrustedNetworks.none();
            Set<String> exempt = LocalPartList.parse(values.getOrDefault(EXEMPT_RECIPIENTS, DEFAULT_EXEMPT_RECIPIENTS), "exemptRecipients");
            return new DnsblMailCheck(settings, cache.checker(settings), policy, new FirstUntrustedHop(trusted), exempt);
        } catch (IllegalArgumentException e) {
            throw new MessagingException(component + ": invalid condition '" + condition + "': " + e.getMessage());
        }
    }

    private static boolean parseSenders(String value, boolean safeModeByDefault) {
        if (value == null) {
            return safeModeByDefault;
        }
        switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "safe-mode":
                return true;
            case "any":
                return false;
            default:
                throw new IllegalArgumentException("parameter 'senders' has value '" + value + "'; accepted: any, safe-mode");
        }
    }


    /**
     * The recipients a listing applies to: all but {@code postmaster@} and {@code abuse@} (by
     * default) of local domains, which stay reachable as RFC 5321 requires.
     */
    public List<MailAddress> recipientsToAct(Mail mail, MailetContext context) {
        return mail.getRecipients().stream()
            .filter(rcpt -> !(exemptRecipients.contains(rcpt.getLocalPart().toLowerCase(java.util.Locale.ROOT))
                && context.isLocalServer(rcpt.getDomain())))
            .collect(Collectors.toList());
    }

    private static TrustedNetworks parseTrusted(String value) {
        try {
            return TrustedNetworks.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter 'trustedNetworks' has a bad value: " + e.getMessage(), e);
        }
    }

    /**
     * The listing that applies to this mail, if any. Empty when the sender does not qualify (no DNS
     * query is made), when no IP is known, when every hop is trusted, when the IP is not listed and
     * when the lookup failed (fail open; the checker counts and logs that).
     */
    public Optional<Listing> check(Mail mail) throws MessagingException {
        if (senderPolicy.isPresent() && !senderPolicy.get().qualifies(mail.getMaybeSender().asOptional().map(org.apache.james.core.MailAddress::asString))) {
            return Optional.empty();
        }
        Optional<InetAddress> connecting = IpLiteral.parse(mail.getRemoteAddr());
        if (connecting.isEmpty()) {
            return Optional.empty();
        }
        // Reading a header makes James parse the message's header section, on every bounce; only mail
        // from a trusted relay needs its Received chain (end-to-end benchmark, docs/performance.md).
        List<String> received = hop.needsReceivedChain(connecting.get()) ? receivedHeaders(mail) : List.of();
        Optional<InetAddress> ip = hop.find(connecting.get(), received);
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        DnsblResult result = checker.checkNow(settings.zone(), ip.get(), true);
        return result.isListed() ? Optional.of(new Listing(ip.get(), result)) : Optional.empty();
    }

    private List<String> receivedHeaders(Mail mail) throws MessagingException {
        String[] received = mail.getMessage().getHeader("Received");
        return received == null ? List.of() : Arrays.asList(received);
    }

    public DnsblSettings settings() {
        return settings;
    }

    /** Human-readable summary for getMatcherInfo() and logs. */
    public String describe() {
        return settings.zone() + (senderPolicy.isPresent() ? ", safe-mode senders " + senderPolicy.get().localParts() + " and <>" : ", any sender");
    }
}
