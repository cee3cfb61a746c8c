package io.github.backscatterguard.james.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;

class MultiRecipientBounceHookTest {
    private final MultiRecipientBounceHook hook = new MultiRecipientBounceHook();
    private final SMTPSession session = mock(SMTPSession.class);

    private static MailEnvelope envelope(MaybeSender sender, String... recipients) throws Exception {
        MailEnvelope envelope = mock(MailEnvelope.class);
        when(envelope.getMaybeSender()).thenReturn(sender);
        List<MailAddress> addresses = new java.util.ArrayList<>();
        for (String recipient : recipients) {
            addresses.add(new MailAddress(recipient));
        }
        when(envelope.getRecipients()).thenReturn(addresses);
        return envelope;
    }

    @Test
    void refusesNullSenderToSeveralRecipients() throws Exception {
        HookResult result = hook.onMessage(session, envelope(MaybeSender.nullSender(), "a@local.test", "b@local.test"));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.5.3 ");
    }

    @Test
    void acceptsNullSenderToOneRecipient() throws Exception {
        assertThat(hook.onMessage(session, envelope(MaybeSender.nullSender(), "a@local.test"))).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void acceptsOrdinarySenderToSeveralRecipients() throws Exception {
        assertThat(hook.onMessage(session, envelope(MaybeSender.getMailSender("bob@remote.test"), "a@local.test", "b@local.test")))
            .isEqualTo(HookResult.DECLINED);
    }

    @Test
    void sparesRelayingClients() throws Exception {
        when(session.isRelayingAllowed()).thenReturn(true);

        assertThat(hook.onMessage(session, envelope(MaybeSender.nullSender(), "a@local.test", "b@local.test"))).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void refusesAnyParameter() {
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("maxRecipients", "2");

        assertThatThrownBy(() -> hook.init(config)).hasMessageContaining("MultiRecipientBounceHook").hasMessageContaining("<maxRecipients>");
    }
}
