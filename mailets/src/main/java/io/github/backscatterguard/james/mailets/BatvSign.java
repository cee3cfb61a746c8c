package io.github.backscatterguard.james.mailets;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.backscatterguard.batv.PrvsCodec;

/**
 * BATV, outbound: rewrites the envelope sender (the SMTP {@code MAIL FROM}, where bounces go) of
 * mail from our domains to its signed {@code prvs} form, e.g. {@code alice@example.com} becomes
 * {@code prvs=0798abc123=alice@example.com} (draft-levine-smtp-batv-01, as Exim writes it). Bounces
 * of that mail come back to the signed address, which {@code BatvRcptHook} checks at RCPT time and
 * {@code BatvStrip} turns back into {@code alice@example.com}; a "bounce" to an unsigned address
 * answers mail we never sent.
 * <p>
 * Place it where mail leaves for other servers only: first in the processor holding
 * {@code RemoteDelivery} ({@code relay} in James's default configuration). Signing local deliveries
 * would show users a prvs Return-Path for nothing.
 * <pre><code>
 * &lt;processor state="relay" enableJmx="true"&gt;
 *     &lt;mailet match="All" class="io.github.backscatterguard.james.mailets.BatvSign"&gt;
 *         &lt;keyFile&gt;/etc/james/batv.keys&lt;/keyFile&gt;  &lt;!-- required: lines 'N SECRET' --&gt;
 *         &lt;domains&gt;local&lt;/domains&gt;               &lt;!-- default; or example.com,example.org --&gt;
 *         &lt;keyNumber&gt;0&lt;/keyNumber&gt;                &lt;!-- default: the key of the file's first line --&gt;
 *         &lt;validity&gt;7d&lt;/validity&gt;                 &lt;!-- default; whole days, 1d-999d --&gt;
 *     &lt;/mailet&gt;
 *     &lt;mailet match="All" class="RemoteDelivery"&gt;
 *     ...
 * </code></pre>
 * Parameters:
 * <ul>
 *   <li>{@code keyFile} (required): the key file, kept outside mailetcontainer.xml and readable by
 *       James only; one key per line, {@code N SECRET} with N the key number 0-9. It is read once in
 *       {@code init()}: a bad file stops James at start with the file and line named, never the secret.</li>
 *   <li>{@code domains}: whose senders are signed: {@code local} (default: the server's domains),
 *       and/or domain names, comma-separated.</li>
 *   <li>{@code keyNumber}: the key that signs, 0-9, one of the file's; default the first line's.
 *       Rotation: add the new key, sign with it, keep the old one in the file for the validity period.</li>
 *   <li>{@code validity}: how long a signed address accepts bounces, whole days (default {@code 7d}).
 *       {@code BatvRcptHook} and {@code BatvStrip} must use the same value.</li>
 * </ul>
 * Never signed: the null sender (a bounce has nothing to sign), a sender already signed, a sender of
 * another domain (forwarded or relayed mail), and a sender whose local part would exceed the
 * 64 characters RFC 5321 allows once the 16 characters of the tag are added.
 * <p>
 * It never throws into James: on any error it logs one line and the mail leaves unsigned, as it
 * would without BATV (its bounces will then be refused by {@code BatvRcptHook}, which is the lesser harm).
 */
public class BatvSign extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(BatvSign.class);
    static final String MAILET = "BatvSign";
    /** RFC 5321 4.5.3.1.1. */
    static final int MAX_LOCAL_PART_LENGTH = 64;

    private final Clock clock;
    private PrvsCodec codec;
    private BatvDomains domains;

    public BatvSign() {
        this(Clock.systemUTC());
    }

    BatvSign(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = new MailetParameters(MAILET, this);
        parameters.requireKnown(List.of(BatvCodecParameters.KEY_FILE, BatvDomains.PARAMETER, BatvCodecParameters.KEY_NUMBER,
            BatvCodecParameters.VALIDITY));
        codec = BatvCodecParameters.codec(parameters, true, clock);
        domains = BatvDomains.read(parameters);
    }

    @Override
    public void service(Mail mail) {
        try {
            Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
            if (sender.isEmpty() || PrvsCodec.isTagged(sender.get().asString())
                || !domains.covers(sender.get().getDomain(), getMailetContext())) {
                return;
            }
            String signed = codec.sign(sender.get().asString());
            MailAddress signedSender = new MailAddress(signed);
            if (signedSender.getLocalPart().length() > MAX_LOCAL_PART_LENGTH) {
                LOGGER.info("{}: mail {} left unsigned: the signed local part of {} would exceed {} characters",
                    MAILET, mail.getName(), sender.get().asString(), MAX_LOCAL_PART_LENGTH);
                return;
            }
            if (!BatvEnvelopeSender.replace(mail, signedSender)) {
                LOGGER.warn("{}: mail {} left unsigned: its class {} cannot change the envelope sender",
                    MAILET, mail.getName(), mail.getClass().getName());
            }
        } catch (Exception e) {
            LOGGER.warn("{}: mail {} from {} left unsigned: {}", MAILET, mail.getName(), mail.getMaybeSender().asString(), e.toString());
        }
    }

    @Override
    public String getMailetInfo() {
        return MAILET + ": signs the envelope sender of outgoing mail with BATV (prvs)"
            + (domains == null ? "" : " for domains " + domains);
    }
}
