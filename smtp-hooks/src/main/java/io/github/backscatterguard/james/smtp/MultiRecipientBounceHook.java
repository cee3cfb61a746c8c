package io.github.backscatterguard.james.smtp;

import java.util.Set;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a message with the null sender {@code <>} and more than one recipient: a real bounce
 * answers one message to one sender (RFC 5321 section 4.5.5 and RFC 3464), so a "bounce" to many
 * recipients is spam or a joe-job. Postfix calls this {@code reject_multi_recipient_bounce}; like
 * it, the reply is {@code 550 5.5.3} at the end of DATA, for the whole message.
 * <pre><code>
 * &lt;handler class="io.github.backscatterguard.james.smtp.MultiRecipientBounceHook"/&gt;
 * </code></pre>
 * It takes no parameters. Clients allowed to relay and authenticated clients are not checked.
 */
public class MultiRecipientBounceHook implements MessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(MultiRecipientBounceHook.class);
    private static final String NAME = "MultiRecipientBounceHook";

    @Override
    public void init(Configuration config) throws ConfigurationException {
        HookParameters.read(NAME, config, Set.of()); // refuses any parameter: a typo must not pass silently
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        try {
            if (session.isRelayingAllowed() || session.getUsername() != null) {
                return HookResult.DECLINED;
            }
            int recipients = mail.getRecipients().size();
            if (!mail.getMaybeSender().isNullSender() || recipients <= 1) {
                return HookResult.DECLINED;
            }
            LOGGER.info("{}: refused a null-sender message to {} recipients from {}", NAME, recipients,
                session.getRemoteAddress() == null ? "unknown" : session.getRemoteAddress().getAddress().getHostAddress());
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.deny())
                .smtpReturnCode("550")
                .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, "5.3") + " Multi-recipient bounce: a bounce has one recipient")
                .build();
        } catch (RuntimeException e) {
            LOGGER.warn("{}: could not check a message; accepting: {}", NAME, e.toString());
            return HookResult.DECLINED;
        }
    }
}
