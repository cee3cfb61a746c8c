package io.github.backscatterguard.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.backscatterguard.ndr.EnvelopeSender;
import io.github.backscatterguard.ndr.MessageKind;
import io.github.backscatterguard.ndr.NdrClassifier;
import io.github.backscatterguard.ndr.Verdict;

class IsNdrTest {
    private static final String ALICE = "alice@example.com";
    private static final String CAROL = "carol@example.com";

    private final Logger isNdrLogger = (Logger) LoggerFactory.getLogger(IsNdr.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        isNdrLogger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        isNdrLogger.detachAppender(logged);
    }

    private static IsNdr matcher(String condition) throws MessagingException {
        IsNdr matcher = new IsNdr();
        matcher.init(FakeMatcherConfig.builder().matcherName("IsNdr").condition(condition).build());
        return matcher;
    }

    private static FakeMail nullSenderMail(MimeMessage message) throws MessagingException {
        return FakeMail.builder().name("dsn-mail").mimeMessage(message)
            .sender(MaybeSender.nullSender()).recipients(ALICE, CAROL).build();
    }

    private static FakeMail regularMail() throws MessagingException {
        return FakeMail.builder().name("regular-mail").mimeMessage(TestMessages.regularMail())
            .sender("alice@example.com").recipients("bob@example.org").build();
    }

    private static String stringAttribute(Mail mail, org.apache.mailet.AttributeName name) {
        return mail.getAttribute(name).flatMap(attribute -> attribute.getValue().valueAs(String.class)).orElse(null);
    }

    @Test
    void dsnWithNullSenderMatchesAllRecipients() throws Exception {
        FakeMail mail = nullSenderMail(TestMessages.parse(TestMessages.FAILED_DSN));

        assertThat(matcher(null).match(mail)).containsExactly(new MailAddress(ALICE), new MailAddress(CAROL));
    }

    @Test
    void regularMailDoesNotMatch() throws Exception {
        FakeMail mail = regularMail();

        assertThat(matcher(null).match(mail)).isEmpty();
        assertThat(stringAttribute(mail, VerdictAttributes.KIND)).isEqualTo("regular");
    }

    @Test
    void delayDsnDoesNotMatchPlainIsNdr() throws Exception {
        FakeMail mail = nullSenderMail(TestMessages.parse(TestMessages.DELAYED_DSN));

        assertThat(matcher(null).match(mail)).isEmpty();
        assertThat(stringAttribute(mail, VerdictAttributes.KIND)).isEqualTo("delay");
    }

    @Test
    void delayDsnMatchesWhenDelayIsListed() throws Exception {
        assertThat(matcher("delay").match(nullSenderMail(TestMessages.parse(TestMessages.DELAYED_DSN)))).hasSize(2);
    }

    @Test
    void ndrAndDelayConditionMatchesBoth() throws Exception {
        IsNdr matcher = matcher("ndr,delay");

        assertThat(matcher.match(nullSenderMail(TestMessages.parse(TestMessages.FAILED_DSN)))).hasSize(2);
        assertThat(matcher.match(nullSenderMail(TestMessages.parse(TestMessages.DELAYED_DSN)))).hasSize(2);
        assertThat(matcher.match(regularMail())).isEmpty();
    }

    @Test
    void delayOnlyConditionDoesNotMatchAFailedDsn() throws Exception {
        assertThat(matcher("delay").match(nullSenderMail(TestMessages.parse(TestMessages.FAILED_DSN)))).isEmpty();
    }

    @Test
    void autoReplyDoesNotMatch() throws Exception {
        FakeMail mail = FakeMail.builder().name("vacation-mail").mimeMessage(TestMessages.vacationReply())
            .sender(MaybeSender.nullSender()).recipients(ALICE).build();

        assertThat(matcher("ndr,delay").match(mail)).isEmpty();
        assertThat(stringAttribute(mail, VerdictAttributes.KIND)).isNotIn("ndr", "delay");
    }

    @ParameterizedTest
    @ValueSource(strings = {" NDR , Delay ", "delay,NDR", "Ndr,delay,ndr"})
    void conditionIsTrimmedAndCaseInsensitive(String condition) throws Exception {
        IsNdr matcher = matcher(condition);

        assertThat(matcher.match(nullSenderMail(TestMessages.parse(TestMessages.FAILED_DSN)))).hasSize(2);
        assertThat(matcher.match(nullSenderMail(TestMessages.parse(TestMessages.DELAYED_DSN)))).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void emptyConditionMeansNdr(String condition) throws Exception {
        IsNdr matcher = matcher(condition);

        assertThat(matcher.match(nullSenderMail(TestMessages.parse(TestMessages.FAILED_DSN)))).hasSize(2);
        assertThat(matcher.match(nullSenderMail(TestMessages.parse(TestMessages.DELAYED_DSN)))).isEmpty();
    }

    @Test
    void absentConditionMeansNdr() throws Exception {
        IsNdr matcher = matcher(null);

        assertThat(matcher.match(nullSenderMail(TestMessages.parse(TestMessages.FAILED_DSN)))).hasSize(2);
        assertThat(matcher.match(nullSenderMail(TestMessages.parse(TestMessages.DELAYED_DSN)))).isEmpty();
    }

    @Test
    void unknownWordFailsInitNamingMatcherWordAndAcceptedKinds() {
        assertThatThrownBy(() -> matcher("ndr, bounce"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("IsNdr")
            .hasMessageContaining("'bounce'")
            .hasMessageContaining(MessageKind.acceptedCodes());
    }

    @Test
    void emptyWordInListFailsInit() {
        assertThatThrownBy(() -> matcher("ndr,,delay"))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("IsNdr")
            .hasMessageContaining("''");
    }

    @Test
    void verdictIsRecordedWithTheDocumentedValues() throws Exception {
        FakeMail mail = nullSenderMail(TestMessages.parse(TestMessages.FAILED_DSN));
        Verdict expected = new NdrClassifier().classify(
            new ByteArrayInputStream(TestMessages.FAILED_DSN.getBytes(StandardCharsets.US_ASCII)),
            EnvelopeSender.nullSender());

        matcher(null).match(mail);

        assertThat(stringAttribute(mail, VerdictAttributes.KIND)).isEqualTo("ndr");
        assertThat(stringAttribute(mail, VerdictAttributes.EVIDENCE))
            .isEqualTo(expected.evidenceText())
            .contains("null-sender");
        if (expected.report().failedRecipients().isEmpty()) {
            assertThat(mail.getAttribute(VerdictAttributes.FAILED_RECIPIENTS)).isEmpty();
        } else {
            assertThat(stringAttribute(mail, VerdictAttributes.FAILED_RECIPIENTS))
                .isEqualTo(String.join(",", expected.report().failedRecipients()));
        }
    }

    @Test
    void verdictIsRecordedEvenWhenTheKindIsNotMatched() throws Exception {
        FakeMail mail = regularMail();

        matcher("delay").match(mail);

        assertThat(VerdictAttributes.read(mail)).map(RecordedVerdict::kind).contains(MessageKind.REGULAR);
        assertThat(mail.getAttribute(VerdictAttributes.EVIDENCE)).isPresent();
    }

    @Test
    void recordedVerdictIsReusedInsteadOfClassifyingAgain() throws Exception {
        FakeMail mail = regularMail();
        mail.setAttribute(new Attribute(VerdictAttributes.KIND, AttributeValue.of("ndr")));

        assertThat(matcher(null).match(mail)).containsExactly(new MailAddress("bob@example.org"));
        // A classification would have written the evidence attribute and replaced the kind.
        assertThat(mail.getAttribute(VerdictAttributes.EVIDENCE)).isEmpty();
        assertThat(stringAttribute(mail, VerdictAttributes.KIND)).isEqualTo("ndr");
    }

    @Test
    void unreadableRecordedKindIsReplacedByAFreshVerdict() throws Exception {
        FakeMail mail = regularMail();
        mail.setAttribute(new Attribute(VerdictAttributes.KIND, AttributeValue.of("bogus")));

        assertThat(matcher(null).match(mail)).isEmpty();
        assertThat(stringAttribute(mail, VerdictAttributes.KIND)).isEqualTo("regular");
    }

    @Test
    void unreadableMessageMatchesNothingAndLogsOneLine() throws Exception {
        Mail mail = failingGetMessage(nullSenderMail(TestMessages.parse(TestMessages.FAILED_DSN)));

        assertThat(matcher(null).match(mail)).isEmpty();
        assertThat(logged.list).hasSize(1);
        assertThat(logged.list.get(0).getFormattedMessage())
            .contains("dsn-mail")
            .contains("disk gone")
            .doesNotContain("\n");
        assertThat(mail.getAttribute(VerdictAttributes.KIND)).isEmpty();
    }

    @Test
    void messageThatFailsWhileStreamingMatchesNothing() throws Exception {
        MimeMessage broken = new MimeMessage(TestMessages.parse(TestMessages.FAILED_DSN)) {
            @Override
            public java.util.Enumeration<String> getAllHeaderLines() {
                throw new IllegalStateException("headers corrupted");
            }
        };
        FakeMail mail = nullSenderMail(broken);

        assertThat(matcher(null).match(mail)).isEmpty();
        assertThat(logged.list).hasSize(1);
    }

    @Test
    void matcherInfoNamesTheMatchedKinds() throws Exception {
        assertThat(matcher("delay, ndr").getMatcherInfo()).contains("IsNdr").contains("[ndr,delay]");
    }

    /** The same mail, except that reading its message fails as it would when the spool file is gone. */
    private static Mail failingGetMessage(Mail delegate) {
        return (Mail) Proxy.newProxyInstance(Mail.class.getClassLoader(), new Class<?>[] {Mail.class},
            (proxy, method, args) -> {
                if (method.getName().equals("getMessage")) {
                    throw new MessagingException("disk gone");
                }
                try {
                    return method.invoke(delegate, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }
}
