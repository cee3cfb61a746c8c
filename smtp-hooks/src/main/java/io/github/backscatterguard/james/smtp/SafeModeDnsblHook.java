package io.github.backscatterguard.james.smtp;

import com.google.inject.Inject;
import io.github.backscatterguard.config.LocalPartList;
import io.github.backscatterguard.dnsbl.DnsblChecker;
import io.github.backscatterguard.dnsbl.DnsblResult;
import io.github.backscatterguard.dnsbl.DnsblSettings;
import io.github.backscatterguard.dnsbl.DnsblZone;
import io.github.backscatterguard.james.dnsbl.SharedDnsblCache;
import io.github.backscatterguard.policy.SafeModeSenderPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses backscatter at RCPT time, in Backscatterer.org's safe mode: when the envelope sender is
 * {@code <>} or {@code postmaster@} any domain AND the client IP is listed, the recipient is
 * refused with {@code 554 5.7.1}, so the bounce stays with the server that made it and no bounce
 * of ours is ever produced. Mail from other senders is not looked up at all.
 * <pre><code>
 * &lt;handler class="io.github.backscatterguard.james.smtp.SafeModeDnsblHook"&gt;
 *     &lt;!-- all optional; the values shown are the defaults --&gt;
 *     &lt;zone&gt;ips.backscatterer.org=127.0.0.2&lt;/zone&gt;
 *     &lt;dnsServers&gt;&lt;/dnsServers&gt;              &lt;!-- HOST[:PORT],... e.g. a local rbldnsd mirror; empty: system resolvers --&gt;
 *     &lt;timeout&gt;2s&lt;/timeout&gt;                 &lt;!-- per lookup; on timeout or DNS error the mail is accepted --&gt;
 *     &lt;maxCacheTtl&gt;1h&lt;/maxCacheTtl&gt;
 *     &lt;extraLocalParts&gt;&lt;/extraLocalParts&gt;    &lt;!-- e.g. mailer-daemon: senders that count like postmaster --&gt;
 *     &lt;exemptRecipients&gt;postmaster,abuse&lt;/exemptRecipients&gt; &lt;!-- local parts never refused in local domains --&gt;
 *     &lt;includeReason&gt;true&lt;/includeReason&gt;  &lt;!-- quote the zone's TXT text in the reply --&gt;
 * &lt;/handler&gt;
 * </code></pre>
 * Put it in smtpserver.xml's {@code <handlerchain>} before the handlers that accept recipients.
 * Clients allowed to relay (authorizedAddresses) and authenticated clients are never checked. The
 * DNSBL cache is shared with the matchers of the extension.
 */
public class SafeModeDnsblHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SafeModeDnsblHook.class);
    private static final String NAME = "SafeModeDnsblHook";
    static final String EXTRA_LOCAL_PARTS = "extralocalparts";
    static final String EXEMPT_RECIPIENTS = "exemptrecipients";
    static final String INCLUDE_REASON = "includereason";
    private static final int MAX_REASON_LENGTH = 200;

    private final SharedDnsblCache cache;
    private final DomainList domainList;
    private DnsblSettings settings;
    private DnsblChecker checker;
    private SafeModeSenderPolicy senderPolicy;
    private Set<String> exemptRecipients;
    private boolean includeReason;

    @Inject
    public SafeModeDnsblHook(SharedDnsblCache cache, DomainList domainList) {
        this.cache = cache;
        this.domainList = domainList;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        Set<String> keys = new HashSet<>(DnsblSettings.KEYS);
        keys.addAll(Set.of(EXTRA_LOCAL_PARTS, EXEMPT_RECIPIENTS, INCLUDE_REASON));
        Map<String, String> values = HookParameters.read(NAME, config, keys);
        try {
            settings = DnsblSettings.from(values, Optional.of(DnsblZone.parse("ips.backscatterer.org=127.0.0.2")));
            senderPolicy = SafeModeSenderPolicy.withExtraLocalParts(LocalPartList.parse(values.getOrDefault(EXTRA_LOCAL_PARTS, ""), "extraLocalParts"));
            exemptRecipients = LocalPartList.parse(values.getOrDefault(EXEMPT_RECIPIENTS, "postmaster,abuse"), "exemptRecipients");
            includeReason = parseBoolean(values.getOrDefault(INCLUDE_REASON, "true"));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(NAME + ": " + e.getMessage(), e);
        }
        checker = cache.checker(settings);
        LOGGER.info("{}: refusing bounces (senders <> and {}@) from IPs listed in {}", NAME, senderPolicy.localParts(), settings.zone());
    }

    private static boolean parseBoolean(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
                return true;
            case "false":
            case "no":
                return false;
            default:
                throw new IllegalArgumentException("parameter 'includeReason' has value '" + value + "'; accepted: true, false");
        }
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        try {
            return decide(session, sender, rcpt);
        } catch (RuntimeException e) {
            // Never fail a transaction because of our own trouble: accept, as on a DNS error.
            LOGGER.warn("{}: could not check RCPT {} from {}; accepting: {}", NAME, rcpt.asString(), sender.asString(), e.toString());
            return HookResult.DECLINED;
        }
    }

    private HookResult decide(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        if (session.isRelayingAllowed() || session.getUsername() != null) {
            return HookResult.DECLINED;
        }
        if (!senderPolicy.qualifies(sender.asOptional().map(MailAddress::asString))) {
            return HookResult.DECLINED;
        }
        if (isExemptRecipient(rcpt)) {
            return HookResult.DECLINED;
        }
        InetSocketAddress remote = session.getRemoteAddress();
        InetAddress ip = remote == null ? null : remote.getAddress();
        if (ip == null) {
            return HookResult.DECLINED;
        }
        DnsblResult result = checker.checkNow(settings.zone(), ip, includeReason);
        if (!result.isListed()) {
            return HookResult.DECLINED;
        }
        LOGGER.info("{}: refused RCPT {} from {} at {}: {}", NAME, rcpt.asString(), sender.asString(), ip.getHostAddress(), result.describe());
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode("554")
            .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH) + " " + replyText(ip, result))
            .build();
    }

    private boolean isExemptRecipient(MailAddress rcpt) {
        if (!exemptRecipients.contains(rcpt.getLocalPart().toLowerCase(Locale.ROOT))) {
            return false;
        }
        try {
            return domainList.containsDomain(rcpt.getDomain());
        } catch (Exception e) {
            // Unknown whether it is ours: spare it, as RFC 5321 wants postmaster reachable.
            return true;
        }
    }

    private String replyText(InetAddress ip, DnsblResult result) {
        StringBuilder text = new StringBuilder("Bounces from ").append(ip.getHostAddress())
            .append(" are refused: listed in ").append(result.zone().name());
        result.reason().filter(reason -> includeReason).ifPresent(reason -> text.append(" (").append(printable(reason)).append(')'));
        return text.toString();
    }

    /** The zone's TXT text as safe reply text: printable ASCII, bounded. */
    private static String printable(String reason) {
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < reason.length() && safe.length() < MAX_REASON_LENGTH; i++) {
            char c = reason.charAt(i);
            safe.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return safe.toString();
    }
}
