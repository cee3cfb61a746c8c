package io.github.backscatterguard.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.backscatterguard.ndr.EnvelopeSender;

class ClassifierInputAdapterTest {
    private static final byte[] DSN_BYTES = TestMessages.FAILED_DSN.getBytes(StandardCharsets.US_ASCII);
    private static final String DSN_BODY =
        TestMessages.FAILED_DSN.substring(TestMessages.FAILED_DSN.indexOf("\r\n\r\n") + 4);
    private static final int LIMIT = 4096;

    private final ClassifierInputAdapter adapter = new ClassifierInputAdapter(LIMIT);
    private MimeMessageInputStreamSource source;

    @AfterEach
    void disposeSource() {
        if (source != null) {
            source.dispose();
        }
    }

    /** James's wrapper, which tells whether it parsed the whole message. */
    private static final class ObservableWrapper extends MimeMessageWrapper {
        ObservableWrapper(MimeMessageInputStreamSource source) {
            super(source);
        }

        boolean parsedWholeMessage() {
            return messageParsed;
        }
    }

    private ObservableWrapper wrapperOverSource(byte[] raw) throws MessagingException {
        source = MimeMessageInputStreamSource.create("adapter-test", new ByteArrayInputStream(raw));
        return new ObservableWrapper(source);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void nullSenderIsTheNullEnvelopeSender() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").sender(MaybeSender.nullSender()).build();

        assertThat(ClassifierInputAdapter.envelopeSender(mail)).isEqualTo(EnvelopeSender.nullSender());
    }

    @Test
    void senderAddressIsPassedOn() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").sender("alice@example.com").build();

        assertThat(ClassifierInputAdapter.envelopeSender(mail)).isEqualTo(EnvelopeSender.of("alice@example.com"));
    }

    @Test
    void mailWithoutSenderIsTheNullSenderAsJamesModelsIt() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").build();

        assertThat(ClassifierInputAdapter.envelopeSender(mail)).isEqualTo(EnvelopeSender.nullSender());
    }

    @Test
    void parsedMessageGivesItsOriginalBytes() throws Exception {
        MimeMessage message = TestMessages.parse(TestMessages.FAILED_DSN);

        assertThat(readAll(adapter.rawMessage(message))).isEqualTo(DSN_BYTES);
    }

    @Test
    void jamesWrapperIsStreamedFromItsSourceWithoutParsing() throws Exception {
        ObservableWrapper message = wrapperOverSource(DSN_BYTES);

        assertThat(readAll(adapter.rawMessage(message))).isEqualTo(DSN_BYTES);
        assertThat(message.parsedWholeMessage()).isFalse();
    }

    @Test
    void jamesWrapperWithChangedHeadersGivesNewHeadersAndSourceBodyWithoutParsing() throws Exception {
        ObservableWrapper message = wrapperOverSource(DSN_BYTES);
        message.setHeader("X-Added-By-Earlier-Mailet", "yes");

        assertThat(streamedText(message)).contains("Return-Path: <>\r\n")
            .contains("X-Added-By-Earlier-Mailet: yes\r\n")
            .endsWith("\r\n\r\n" + DSN_BODY);
        assertThat(message.parsedWholeMessage()).isFalse();
    }

    @Test
    void jamesWrapperWithSavedChangesGivesNewHeadersAndSourceBody() throws Exception {
        // saveChanges() itself makes James parse the message; the adapter must still give the current headers.
        ObservableWrapper message = wrapperOverSource(DSN_BYTES);
        message.setHeader("X-Added-By-Earlier-Mailet", "yes");
        message.saveChanges();

        assertThat(streamedText(message)).contains("Return-Path: <>\r\n")
            .contains("X-Added-By-Earlier-Mailet: yes\r\n")
            .endsWith("\r\n\r\n" + DSN_BODY);
    }

    private String streamedText(MimeMessage message) throws MessagingException, IOException {
        return new String(readAll(adapter.rawMessage(message)), StandardCharsets.US_ASCII);
    }

    @Test
    void messageBuiltInMemoryIsWrittenOut() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject("built in memory");
        MimeMultipart multipart = new MimeMultipart("report; report-type=delivery-status");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("delivery failed");
        multipart.addBodyPart(text);
        message.setContent(multipart);
        message.saveChanges();

        assertThat(streamedText(message))
            .contains("Subject: built in memory")
            .contains("report-type=delivery-status")
            .contains("delivery failed");
    }

    @Test
    void messageBuiltInMemoryIsCutAtThePrefixLimit() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        MimeMultipart multipart = new MimeMultipart();
        MimeBodyPart big = new MimeBodyPart();
        big.setText("x".repeat(LIMIT * 4));
        multipart.addBodyPart(big);
        message.setContent(multipart);
        message.saveChanges();

        assertThat(readAll(adapter.rawMessage(message))).hasSize(LIMIT);
    }
}
