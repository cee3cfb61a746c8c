package io.github.backscatterguard.james.mailets;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.backscatterguard.batv.PrvsCheck;
import io.github.backscatterguard.batv.PrvsCodec;

/**
 * BATV, inbound: turns the signed recipients of bounces ({@code prvs=0798abc123=alice@example.com})
 * back into the original address ({@code alice@example.com}), so that local delivery, aliases and
 * forwarding see the real user. Put it early in {@code root}, before anything that looks at recipients.
 * <pre><code>
 * &lt;processor state="root" enableJmx="true"&gt;
 *     &lt;mailet match="All" class="PostmasterAlias"/&gt;
 *     &lt;mailet match="RelayLimit=30" class="Null"/&gt;
 *     &lt;mailet match="All" class="io.github.backscatterguard.james.mailets.BatvStrip"&gt;
 *         &lt;keyFile&gt;/etc/james/batv.keys&lt;/keyFile&gt;  &lt;!-- required: the file BatvSign uses --&gt;
 *         &lt;validity&gt;7d&lt;/validity&gt;                 &lt;!-- default; as BatvSign's --&gt;
 *         &lt;restore&gt;valid&lt;/restore&gt;                 &lt;!-- default; 'any' during a tag-only roll-out --&gt;
 *     &lt;/mailet&gt;
 *     ...
 * </code></pre>
 * Parameters:
 * <ul>
 *   <li>{@code keyFile} (required), {@code validity} (default {@code 7d}): as for {@code BatvSign}.</li>
 *   <li>{@code restore}: {@code valid} (default): only recipients whose tag verifies (our key, not
 *       expired) are restored; any other tagged recipient is left as it is. With
 *       {@code BatvRcptHook} in {@code reject} mode those never get this far (refused at RCPT), and
 *       without it a forged tag stays undeliverable, which is the point. {@code any}: every
 *       well-formed tag is removed, whatever its status: for a roll-out with the hook in
 *       {@code tag-only} mode, which accepts every tagged recipient and records the status in a header.</li>
 * </ul>
 * Untagged recipients are never touched. One INFO line per mail whose recipients changed. It never
 * throws into James: on any error it logs one line and leaves the recipients as they were.
 */
public class BatvStrip extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(BatvStrip.class);
    static final String MAILET = "BatvStrip";
    static final String RESTORE = "restore";
    static final String RESTORE_ACCEPTED = "valid (default: only tags that verify) or any (every tag, for a tag-only roll-out)";

    private final Clock clock;
    private PrvsCodec codec;
    private boolean restoreAny;

    public BatvStrip() {
        this(Clock.systemUTC());
    }

    BatvStrip(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        MailetParameters parameters = new MailetParameters(MAILET, this);
        parameters.requireKnown(List.of(BatvCodecParameters.KEY_FILE, BatvCodecParameters.VALIDITY, RESTORE));
        codec = BatvCodecParameters.codec(parameters, false, clock);
        String restore = parameters.optional(RESTORE, RESTORE_ACCEPTED).orElse("valid").toLowerCase(Locale.ROOT);
        switch (restore) {
            case "valid":
                restoreAny = false;
                break;
            case "any":
                restoreAny = true;
                break;
            default:
                throw parameters.invalid(RESTORE, getInitParameter(RESTORE), RESTORE_ACCEPTED);
        }
    }

    @Override
    public void service(Mail mail) {
        try {
            List<MailAddress> recipients = new ArrayList<>(mail.getRecipients());
            List<String> changes = new ArrayList<>();
            for (int i = 0; i < recipients.size(); i++) {
                MailAddress recipient = recipients.get(i);
                if (!PrvsCodec.isTagged(recipient.asString())) {
                    continue;
                }
                PrvsCheck check = codec.verify(recipient.asString());
                if (check.isValid() || restoreAny) {
                    MailAddress original = new MailAddress(check.original().orElseThrow());
                    recipients.set(i, original);
                    changes.add(recipient.asString() + " -> " + original.asString() + " (" + check.status().code() + ")");
                } else {
                    changes.add(recipient.asString() + " kept (" + check.status().code() + ")");
                }
            }
            if (!changes.isEmpty()) {
                mail.setRecipients(recipients);
                LOGGER.info("{}: mail {} from {}: {}", MAILET, mail.getName(), mail.getMaybeSender().asString(), String.join(", ", changes));
            }
        } catch (Exception e) {
            LOGGER.warn("{}: mail {} recipients {} left as they were: {}", MAILET, mail.getName(), mail.getRecipients(), e.toString());
        }
    }

    @Override
    public String getMailetInfo() {
        return MAILET + ": restores the original address of BATV-signed (prvs) recipients" + (restoreAny ? " (any tag)" : "");
    }
}
