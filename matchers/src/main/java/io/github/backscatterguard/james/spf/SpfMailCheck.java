package io.github.backscatterguard.james.spf;

import io.github.backscatterguard.james.dnsbl.IpLiteral;
import io.github.backscatterguard.config.BracketAwareSplit;
import io.github.backscatterguard.config.KeyValueCondition;
import io.github.backscatterguard.spf.SpfChecker;
import io.github.backscatterguard.spf.SpfOutcome;
import io.github.backscatterguard.spf.SpfQuery;
import io.github.backscatterguard.spf.SpfResult;
import io.github.backscatterguard.spf.SpfSettings;
import java.net.InetAddress;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;

/**
 * The decision behind {@code SpfResultIs}: which SPF results to act on, and the SPF result of a
 * mail, taken from what James or an earlier matcher stored on it ({@link StoredSpfResult}) or
 * else checked with jSPF through the shared cache: client IP {@code mail.getRemoteAddr()},
 * the envelope sender, and the HELO name James stores in {@code org.apache.james.HELO}
 * ({@code Mail.SMTP_HELO}); for the null sender, {@code postmaster@<HELO name>} (RFC 7208 section 2.4).
 * <p>
 * SPF judges the mail servers that speak for a domain, not our own users: a mail submitted with
 * SMTP AUTH ({@code org.apache.james.SMTPAuthUser}) or from a network allowed to relay
 * ({@code org.apache.james.SMTPIsAuthNetwork}) is not checked, as James's SPFHandler skips such
 * sessions too; otherwise a user writing from home would have their own bounces withheld.
 * Mail James made itself (no {@code org.apache.james.SMTPSessionID}: the copy LocalDelivery sends to
 * {@code error}, Sieve and vacation mail) is not checked either: James writes 127.0.0.1 as its
 * client IP, which fails every {@code -all} record and would withhold legitimate bounces.
 * <p>
 * Built once in the matcher's {@code init()} from its condition; immutable after.
 */
public final class SpfMailCheck {
    /** Set by James's AddDefaultAttributesMessageHook when the SMTP client may relay. */
    static final AttributeName RELAYING_ALLOWED = AttributeName.of("org.apache.james.SMTPIsAuthNetwork");
    /** Set on every mail James received over SMTP; mail James made itself has none. */
    static final AttributeName SMTP_SESSION_ID = AttributeName.of("org.apache.james.SMTPSessionID");

    /** Where a mail's result came from. */
    public static final class Finding {
        private final SpfResult result;
        private final Optional<String> domain;
        private final String source;

        Finding(SpfResult result, Optional<String> domain, String source) {
            this.result = result;
            this.domain = domain;
            this.source = source;
        }

        public SpfResult result() {
            return result;
        }

        public Optional<String> domain() {
            return domain;
        }

        /** e.g. "James's SPF mailet", or the check's own description. */
        public String source() {
            return source;
        }
    }

    private final Set<SpfResult> results;
    private final SpfChecker checker;

    private SpfMailCheck(Set<SpfResult> results, SpfChecker checker) {
        this.results = Collections.unmodifiableSet(results);
        this.checker = checker;
    }

    /**
     * Parses a condition: the results to act on, comma-separated, then optionally
     * {@code ; key=value} settings ({@link SpfSettings}): {@code fail,softfail; dnsServers=127.0.0.1:5353; timeout=5s}.
     *
     * @throws MessagingException naming the component, the bad value and what is accepted
     */
    public static SpfMailCheck fromCondition(String component, String condition, SharedSpfCache cache) throws MessagingException {
        try {
            if (condition == null || condition.isBlank()) {
                throw new IllegalArgumentException("the SPF results to match are required; accepted: " + SpfResult.acceptedCodes());
            }
            List<String> parts = BracketAwareSplit.split(condition, ';');
            Set<SpfResult> results = parseResults(parts.get(0));
            String settings = String.join(";", parts.subList(1, parts.size()));
            SpfSettings spfSettings = SpfSettings.from(KeyValueCondition.parse(settings, SpfSettings.KEYS));
            return new SpfMailCheck(results, cache.checker(spfSettings));
        } catch (IllegalArgumentException e) {
            throw new MessagingException(component + ": invalid condition '" + condition + "': " + e.getMessage()
                + "; syntax: RESULT[,RESULT...][; dnsServers=HOST[:PORT],...][; timeout=DURATION][; maxCacheAge=DURATION],"
                + " e.g. fail,softfail,permerror");
        }
    }

    private static Set<SpfResult> parseResults(String text) {
        if (text.contains("=")) {
            throw new IllegalArgumentException("the condition must start with the SPF results to match, not '" + text.trim() + "'");
        }
        Set<SpfResult> results = EnumSet.noneOf(SpfResult.class);
        for (String word : text.split(",")) {
            if (word.isBlank()) {
                continue;
            }
            results.add(SpfResult.fromCode(word).orElseThrow(() -> new IllegalArgumentException("'" + word.trim()
                + "' is not an SPF result; accepted: " + SpfResult.acceptedCodes())));
        }
        if (results.isEmpty()) {
            throw new IllegalArgumentException("the SPF results to match are required; accepted: " + SpfResult.acceptedCodes());
        }
        return results;
    }

    /** The results this check acts on. */
    public Set<SpfResult> results() {
        return results;
    }

    /**
     * The SPF result of the mail; empty when SPF does not apply to it (our own user's or network's
     * mail) or when it has no client IP to check. DNS trouble is a {@code temperror} finding.
     */
    public Optional<Finding> check(Mail mail) {
        if (AttributeUtils.getValueAndCastFromMail(mail, Mail.SMTP_AUTH_USER, String.class).isPresent()
            || AttributeUtils.getValueAndCastFromMail(mail, RELAYING_ALLOWED, Boolean.class).orElse(false)) {
            return Optional.empty();
        }
        Optional<String> sender = mail.getMaybeSender().asOptional().map(MailAddress::asString);
        Optional<String> helo = AttributeUtils.getValueAndCastFromMail(mail, Mail.SMTP_HELO, String.class);
        Optional<StoredSpfResult> stored = StoredSpfResult.read(mail);
        if (stored.isPresent()) {
            return Optional.of(new Finding(stored.get().result(), SpfQuery.domainOf(sender, helo), "stored by " + stored.get().source()));
        }
        Optional<InetAddress> ip = ipLiteral(mail.getRemoteAddr());
        if (ip.isEmpty() || mail.getAttribute(SMTP_SESSION_ID).isEmpty()) {
            return Optional.empty();
        }
        SpfOutcome outcome = checker.check(SpfQuery.of(ip.get(), sender, helo));
        return Optional.of(new Finding(outcome.result(), outcome.domain(), "checked: " + outcome.describe()));
    }

    /** The client IP James recorded, when it is an address literal (never a DNS query). */
    static Optional<InetAddress> ipLiteral(String text) {
        return IpLiteral.parse(text);
    }

    /** Human-readable summary for getMatcherInfo() and logs. */
    public String describe() {
        return results.stream().map(SpfResult::code).collect(Collectors.joining(","));
    }
}
