package io.github.backscatterguard.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.backscatterguard.james.matchers.VerdictAttributes;
import io.github.backscatterguard.ndr.DeliveryReport;
import io.github.backscatterguard.ndr.MessageKind;
import io.github.backscatterguard.ndr.Verdict;

class AddVerdictHeaderTest {
    private static final Verdict NDR_VERDICT = new Verdict(MessageKind.NDR,
        List.of("null-sender", "multipart/report;report-type=delivery-status", "action=failed", "status=5.1.1"),
        new DeliveryReport(List.of("bob@example.org"), List.of("5.1.1"), "mx.example.net", null));
    private static final String NDR_HEADER =
        "ndr; evidence=null-sender,multipart/report;report-type=delivery-status,action=failed,status=5.1.1";

    private final Logger mailetLogger = (Logger) LoggerFactory.getLogger(AddVerdictHeader.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        mailetLogger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        mailetLogger.detachAppender(logged);
    }

    /** A message that counts saveChanges(), which James mailets call after editing headers. */
    private static final class SaveCountingMessage extends MimeMessage {
        int saves;

        SaveCountingMessage(String... headers) throws MessagingException {
            super(Session.getInstance(new Properties()));
            setFrom("MAILER-DAEMON@mx.example.net");
            setSubject("Undelivered Mail Returned to Sender");
            for (int i = 0; i < headers.length; i += 2) {
                addHeader(headers[i], headers[i + 1]);
            }
            setText("Your message could not be delivered.");
        }

        @Override
        public void saveChanges() throws MessagingException {
            saves++;
            super.saveChanges();
        }
    }

    private static AddVerdictHeader mailet(String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("AddVerdictHeader");
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        AddVerdictHeader mailet = new AddVerdictHeader();
        mailet.init(config.build());
        return mailet;
    }

    private static FakeMail mail(MimeMessage message) throws MessagingException {
        return FakeMail.builder().name("bounce-1").mimeMessage(message).recipient("alice@example.com").build();
    }

    @Test
    void addsTheRecordedVerdictAsHeaderAndSavesTheMessage() throws Exception {
        SaveCountingMessage message = new SaveCountingMessage();
        FakeMail mail = mail(message);
        VerdictAttributes.write(mail, NDR_VERDICT);

        mailet().service(mail);

        assertThat(mail.getMessage().getHeader("X-Backscatter-Guard")).containsExactly(NDR_HEADER);
        assertThat(message.saves).isEqualTo(1);
        assertThat(logged.list).isEmpty();
    }

    @Test
    void nameParameterChangesTheHeaderName() throws Exception {
        FakeMail mail = mail(new SaveCountingMessage());
        VerdictAttributes.write(mail, NDR_VERDICT);

        mailet("name", " X-Bounce-Verdict ").service(mail);

        assertThat(mail.getMessage().getHeader("X-Bounce-Verdict")).containsExactly(NDR_HEADER);
        assertThat(mail.getMessage().getHeader("X-Backscatter-Guard")).isNull();
    }

    @Test
    void replacesAHeaderPlantedBySender() throws Exception {
        FakeMail mail = mail(new SaveCountingMessage("X-Backscatter-Guard", "regular; evidence=forged",
            "X-Backscatter-Guard", "regular; evidence=forged-again"));
        VerdictAttributes.write(mail, NDR_VERDICT);

        mailet().service(mail);

        assertThat(mail.getMessage().getHeader("X-Backscatter-Guard")).containsExactly(NDR_HEADER);
    }

    @Test
    void kindWithoutEvidenceGivesAnEmptyEvidence() throws Exception {
        FakeMail mail = mail(new SaveCountingMessage());
        mail.setAttribute(new Attribute(VerdictAttributes.KIND, AttributeValue.of("delay")));

        mailet().service(mail);

        assertThat(mail.getMessage().getHeader("X-Backscatter-Guard")).containsExactly("delay; evidence=");
    }

    @Test
    void lineBreaksInAHandSetEvidenceCannotInjectHeaders() throws Exception {
        FakeMail mail = mail(new SaveCountingMessage());
        mail.setAttribute(new Attribute(VerdictAttributes.KIND, AttributeValue.of("ndr")));
        mail.setAttribute(new Attribute(VerdictAttributes.EVIDENCE, AttributeValue.of("null-sender\r\nBcc: eve@example.net")));

        mailet().service(mail);

        assertThat(mail.getMessage().getHeader("X-Backscatter-Guard"))
            .containsExactly("ndr; evidence=null-sender??Bcc: eve@example.net");
        assertThat(mail.getMessage().getHeader("Bcc")).isNull();
    }

    @Test
    void missingVerdictLeavesTheMailUnchangedAndWarnsOnce() throws Exception {
        SaveCountingMessage message = new SaveCountingMessage();
        FakeMail mail = mail(message);

        mailet().service(mail);

        assertThat(message.getHeader("X-Backscatter-Guard")).isNull();
        assertThat(message.saves).isZero();
        assertThat(logged.list).hasSize(1);
        ILoggingEvent warning = logged.list.get(0);
        assertThat(warning.getLevel()).isEqualTo(Level.WARN);
        assertThat(warning.getFormattedMessage())
            .contains("bounce-1")
            .contains(VerdictAttributes.KIND.asString())
            .contains("io.github.backscatterguard.james.matchers.IsNdr")
            .doesNotContain("\n");
    }

    @Test
    void unreadableMessageIsLoggedNotThrown() throws Exception {
        FakeMail delegate = mail(new SaveCountingMessage());
        VerdictAttributes.write(delegate, NDR_VERDICT);
        Mail mail = failingGetMessage(delegate);
        AddVerdictHeader mailet = mailet();

        assertThatCode(() -> mailet.service(mail)).doesNotThrowAnyException();
        assertThat(logged.list).hasSize(1);
        assertThat(logged.list.get(0).getFormattedMessage()).contains("bounce-1").contains("spool file gone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X Bounce", "X-Bounce:", "X-Bounce\u00e9", "X-\tBounce"})
    void illegalHeaderNameFailsInit(String name) {
        assertThatThrownBy(() -> mailet("name", name))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("AddVerdictHeader")
            .hasMessageContaining("'name'")
            .hasMessageContaining("'" + name.trim() + "'")
            .hasMessageContaining("RFC 5322");
    }

    @Test
    void blankHeaderNameFailsInit() {
        assertThatThrownBy(() -> mailet("name", "  "))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("AddVerdictHeader")
            .hasMessageContaining("'name'");
    }

    @Test
    void unknownParameterFailsInit() {
        assertThatThrownBy(() -> mailet("header", "X-Bounce"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("AddVerdictHeader")
            .hasMessageContaining("header")
            .hasMessageContaining("accepted parameter: name");
    }

    @Test
    void mailetInfoNamesTheHeader() throws Exception {
        assertThat(mailet("name", "X-Bounce-Verdict").getMailetInfo()).contains("AddVerdictHeader").contains("X-Bounce-Verdict");
    }

    /** The same mail, except that reading its message fails as it would when the spool file is gone. */
    private static Mail failingGetMessage(Mail delegate) {
        return (Mail) Proxy.newProxyInstance(Mail.class.getClassLoader(), new Class<?>[] {Mail.class},
            (proxy, method, args) -> {
                if (method.getName().equals("getMessage")) {
                    throw new MessagingException("spool file gone");
                }
                try {
                    return method.invoke(delegate, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }
}
