package io.github.backscatterguard.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MaybeSender;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;

import io.github.backscatterguard.james.matchers.IsNdr;
import io.github.backscatterguard.james.matchers.VerdictAttributes;

/** The observe-mode pair as configured in mailetcontainer.xml: IsNdr=ndr,delay then AddVerdictHeader. */
class AddVerdictHeaderAfterIsNdrTest {
    private static final String DELAY_DSN = String.join("\r\n",
        "From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.net>",
        "To: alice@example.com",
        "Subject: Warning: could not send message for past 4 hours",
        "MIME-Version: 1.0",
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"delay-1\"",
        "",
        "--delay-1",
        "Content-Type: text/plain",
        "",
        "Your message to bob@example.org has not been delivered yet; we keep trying.",
        "",
        "--delay-1",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; relay.example.net",
        "",
        "Final-Recipient: rfc822; bob@example.org",
        "Action: delayed",
        "Status: 4.4.7",
        "",
        "--delay-1--",
        "");

    @Test
    void delayDsnGetsTheHeaderWithTheMatchersEvidence() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(DELAY_DSN.getBytes(StandardCharsets.US_ASCII)));
        FakeMail mail = FakeMail.builder().name("delay-1").mimeMessage(message)
            .sender(MaybeSender.nullSender()).recipient("alice@example.com").build();
        IsNdr matcher = new IsNdr();
        matcher.init(FakeMatcherConfig.builder().matcherName("IsNdr").condition("ndr,delay").build());
        AddVerdictHeader mailet = new AddVerdictHeader();
        mailet.init(FakeMailetConfig.builder().mailetName("AddVerdictHeader").build());

        assertThat(matcher.match(mail)).hasSize(1);
        mailet.service(mail);

        String evidence = mail.getAttribute(VerdictAttributes.EVIDENCE)
            .flatMap(attribute -> attribute.getValue().valueAs(String.class)).orElseThrow();
        assertThat(evidence).contains("null-sender");
        assertThat(mail.getMessage().getHeader("X-Backscatter-Guard")).containsExactly("delay; evidence=" + evidence);
    }
}
