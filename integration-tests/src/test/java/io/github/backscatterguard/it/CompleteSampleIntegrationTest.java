package io.github.backscatterguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Durations.ONE_MINUTE;
import static org.awaitility.Durations.TWO_HUNDRED_MILLISECONDS;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


/**
 * Smoke test of {@code conf-samples/complete} (what the demo installs): one James doing both jobs at
 * once. Relayed mail from the authorised network leaves through two pools (an NDR from 127.0.0.3,
 * trimmed to headers; an ordinary mail from 127.0.0.2), a bounce from a listed IP is refused at RCPT,
 * and a bounce relayed by the front filter from a listed hop is quarantined without a bounce.
 * Test-only changes are those of {@link TestEdits}.
 */
class CompleteSampleIntegrationTest {
    private static final String DOMAIN = "guard.test";
    private static final String BOB = "bob@" + DOMAIN;
    private static final InetAddress RELAYING_NETWORK = SampleJames.address("127.0.0.1");
    private static final InetAddress LISTED = SampleJames.address("127.0.0.66");
    private static final InetAddress FRONT_FILTER = SampleJames.address(TestEdits.FRONT_FILTER);
    private static final String DEFAULT_POOL = CompleteSampleFixture.DEFAULT_POOL;
    private static final String NDR_POOL = CompleteSampleFixture.NDR_POOL;
    private static final MailRepositoryUrl QUARANTINE = MailRepositoryUrl.from("memory://var/mail/backscatter/");

    private static final ConditionFactory AWAIT = Awaitility.with().pollInterval(TWO_HUNDRED_MILLISECONDS).await().atMost(ONE_MINUTE);

    private static final CompleteSampleFixture SAMPLE_FIXTURE = new CompleteSampleFixture();

    @RegisterExtension
    static JamesServerExtension james = SampleJames.perClass(CompleteSampleIntegrationTest::writeSample);

    private static void writeSample(Path conf) throws Exception {
        SAMPLE_FIXTURE.writeTo(conf, LISTED);
    }

    @AfterAll
    static void stopFixtures() throws IOException {
        SAMPLE_FIXTURE.close();
    }

    @Test
    void bothDirectionsAtOnce(GuiceJamesServer server) throws Exception {
        server.getProbe(DataProbeImpl.class).addDomain(DOMAIN);
        server.getProbe(DataProbeImpl.class).addUser(BOB, "secret");
        int port = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
        String listedHop = "Received: from bouncer.example (bouncer.example [127.0.0.66]) by filter.test (Postfix) with ESMTP id 4QX;"
            + " Thu, 4 Dec 2025 10:00:00 +0000";

        try (SmtpSession relaying = SmtpSession.open(port, RELAYING_NETWORK)) {
            assertThat(relaying.send("", SampleJames.message("ndr-pool/postfix-bounce.eml", "alice@sender-a.example", "smoke-ndr"),
                "alice@sender-a.example")).containsExactly(250, 250);
            assertThat(relaying.send("carol@downstream.example", SampleJames.message("ndr-pool/ordinary.eml", "dave@partner.example", "smoke-ordinary"),
                "dave@partner.example")).containsExactly(250, 250);
        }
        try (SmtpSession listed = SmtpSession.open(port, LISTED)) {
            assertThat(listed.send("", "Subject: Undelivered Mail Returned to Sender\r\n\r\nbounce\r\n", BOB)).containsExactly(554);
        }
        try (SmtpSession filter = SmtpSession.open(port, FRONT_FILTER)) {
            assertThat(filter.send("postmaster@bouncer.example", listedHop
                + "\r\nMessage-ID: <smoke-quarantined@bouncer.example>\r\nSubject: Delivery failure\r\n\r\nbounce\r\n", BOB)).containsExactly(250, 250);
        }

        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);
        AWAIT.untilAsserted(() -> assertThat(SAMPLE_FIXTURE.internet().deliveries()).hasSize(2));
        AWAIT.untilAsserted(() -> assertThat(repositories.getRepositoryMailCount(QUARANTINE)).isEqualTo(1));
        for (SmtpSink.Delivery delivery : SAMPLE_FIXTURE.internet().deliveries()) {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(delivery.message()));
            if (message.getMessageID().startsWith("<smoke-ndr@")) {
                assertThat(delivery.clientAddress().getHostAddress()).isEqualTo(NDR_POOL);
                MimeMultipart parts = (MimeMultipart) message.getContent();
                assertThat(parts.getBodyPart(2).getContentType()).startsWith("text/rfc822-headers");
            } else {
                assertThat(message.getMessageID()).startsWith("<smoke-ordinary@");
                assertThat(delivery.clientAddress().getHostAddress()).isEqualTo(DEFAULT_POOL);
            }
        }
        assertThat(repositories.getRepositoryMailCount(MailRepositoryUrl.from("memory://var/mail/error/"))).isZero();
    }
}
