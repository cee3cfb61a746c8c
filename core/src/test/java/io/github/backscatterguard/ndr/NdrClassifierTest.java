package io.github.backscatterguard.ndr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hand-written messages built from the standards and the MTAs' documented templates. */
class NdrClassifierTest {
    private final NdrClassifier classifier = new NdrClassifier();

    private Verdict classify(String message, EnvelopeSender sender) {
        return classifier.classify(message.getBytes(StandardCharsets.UTF_8), sender);
    }

    static final String RFC3464_FAILURE = "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n"
        + "To: sender@example.com\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
        + "Content-Type: multipart/report; report-type=delivery-status;\n boundary=\"BOUND\"\n\n"
        + "--BOUND\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n"
        + "--BOUND\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
        + "Final-Recipient: rfc822; nobody@example.net\nAction: failed\nStatus: 5.1.1\n"
        + "Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown\n\n"
        + "--BOUND\nContent-Type: text/rfc822-headers\n\nFrom: sender@example.com\nSubject: hello\n\n--BOUND--\n";

    @Test
    void rfc3464FailureIsAnNdrWithItsReport() {
        Verdict verdict = classify(RFC3464_FAILURE, EnvelopeSender.nullSender());
        assertThat(verdict.kind()).isEqualTo(MessageKind.NDR);
        assertThat(verdict.evidence()).contains("null-sender", "multipart/report;report-type=delivery-status",
            "action=failed", "status=5.1.1");
        assertThat(verdict.report().failedRecipients()).containsExactly("nobody@example.net");
        assertThat(verdict.report().statusCodes()).containsExactly("5.1.1");
        assertThat(verdict.report().reportingMta()).contains("mx.example.org");
        assertThat(verdict.report().diagnostic()).hasValueSatisfying(d -> assertThat(d).startsWith("550 5.1.1"));
    }

    @Test
    void crOnlyCrlfAndLfGiveTheSameVerdict() {
        Verdict lf = classify(RFC3464_FAILURE, EnvelopeSender.unknown());
        assertThat(classify(RFC3464_FAILURE.replace("\n", "\r\n"), EnvelopeSender.unknown())).isEqualTo(lf);
        assertThat(classify(RFC3464_FAILURE.replace("\n", "\r"), EnvelopeSender.unknown())).isEqualTo(lf);
    }

    @Test
    void delayedAndSuccessfulDsns() {
        assertThat(classify(RFC3464_FAILURE.replace("Action: failed\nStatus: 5.1.1", "Action: delayed\nStatus: 4.4.7"),
            EnvelopeSender.nullSender()).kind()).isEqualTo(MessageKind.DELAY);
        assertThat(classify(RFC3464_FAILURE.replace("Action: failed\nStatus: 5.1.1", "Action: delivered\nStatus: 2.0.0"),
            EnvelopeSender.nullSender()).kind()).isEqualTo(MessageKind.SUCCESS_DSN);
    }

    @Test
    void returnPathNullStandsInForAnUnknownEnvelopeOnly() {
        String message = "Return-Path: <>\n" + RFC3464_FAILURE;
        assertThat(classify(message, EnvelopeSender.unknown()).evidence()).contains("return-path:<>");
        assertThat(classify(message, EnvelopeSender.of("someone@example.com")).evidence()).doesNotContain("return-path:<>");
    }

    @Test
    void eximStyleTextBounceWithXFailedRecipients() {
        String message = "Return-path: <>\nFrom: Mail Delivery System <Mailer-Daemon@mail.example.org>\n"
            + "To: sender@example.com\nSubject: Mail delivery failed: returning message to sender\n"
            + "X-Failed-Recipients: gone@example.net\nAuto-Submitted: auto-replied\n\n"
            + "This message was created automatically by mail delivery software.\n\n"
            + "A message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. "
            + "The following address(es) failed:\n\n  gone@example.net\n    SMTP error from remote mail server after RCPT TO:<gone@example.net>:\n"
            + "    550 5.1.1 User unknown\n\n------ This is a copy of the message, including all the headers. ------\n";
        Verdict verdict = classify(message, EnvelopeSender.unknown());
        assertThat(verdict.kind()).isEqualTo(MessageKind.NDR);
        assertThat(verdict.evidence()).contains("header:X-Failed-Recipients", "mta:exim", "subject-pattern");
        assertThat(verdict.report().failedRecipients()).containsExactly("gone@example.net");
        assertThat(verdict.report().statusCodes()).containsExactly("5.1.1");
    }

    @Test
    void qmailBounceWithoutMime() {
        String message = "From: MAILER-DAEMON@mx.example.org\nTo: sender@example.com\nSubject: failure notice\n\n"
            + "Hi. This is the qmail-send program at mx.example.org.\nI'm afraid I wasn't able to deliver your message to the "
            + "following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n"
            + "<gone@example.net>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n--- Below this line is a copy of the message.\n";
        Verdict verdict = classify(message, EnvelopeSender.nullSender());
        assertThat(verdict.kind()).isEqualTo(MessageKind.NDR);
        assertThat(verdict.evidence()).contains("mta:qmail");
        assertThat(verdict.report().failedRecipients()).containsExactly("gone@example.net");
    }

    @Test
    void sendmailWarningIsADelay() {
        String message = "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>\nTo: sender@example.com\n"
            + "Subject: Warning: could not send message for past 4 hours\n\n"
            + "    **********************************************\n    **      THIS IS A WARNING MESSAGE ONLY      **\n"
            + "    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **\n    **********************************************\n\n"
            + "The original message was received at Mon, 1 Jan 2024 from localhost\n\n"
            + "   ----- Transcript of session follows -----\n451 4.4.1 reply: read error from mx.example.net.\n";
        assertThat(classify(message, EnvelopeSender.nullSender()).kind()).isEqualTo(MessageKind.DELAY);
    }

    @Test
    void autoReplyWithNullSenderIsNotABounce() {
        String message = "From: Alice <alice@example.org>\nTo: sender@example.com\nSubject: Out of Office: hello\n"
            + "Auto-Submitted: auto-replied; owner-email=\"alice@example.org\"\n\n"
            + "I am out of the office until Monday and will answer your message when I return.\n";
        Verdict verdict = classify(message, EnvelopeSender.nullSender());
        assertThat(verdict.kind()).isEqualTo(MessageKind.AUTO_REPLY);
        assertThat(verdict.evidence()).contains("auto-submitted=auto-replied");
    }

    @Test
    void readReceiptFeedbackReportDmarcAndTlsReportsAreNotBounces() {
        String mdn = "From: bob@example.net\nSubject: Read: hello\nContent-Type: multipart/report; "
            + "report-type=disposition-notification; boundary=b\n\n--b\n\nYour message was displayed.\n--b\n"
            + "Content-Type: message/disposition-notification\n\nReporting-UA: example.net; Mailer\n"
            + "Final-Recipient: rfc822; bob@example.net\nDisposition: manual-action/MDN-sent-manually; displayed\n--b--\n";
        assertThat(classify(mdn, EnvelopeSender.nullSender()).kind()).isEqualTo(MessageKind.MDN);

        String arf = "From: abuse@example.net\nSubject: FW: spam\nContent-Type: multipart/report; "
            + "report-type=feedback-report; boundary=b\n\n--b\n\nThis is an email abuse report.\n--b\n"
            + "Content-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: Example/1.0\nVersion: 1\n--b--\n";
        assertThat(classify(arf, EnvelopeSender.nullSender()).kind()).isEqualTo(MessageKind.FEEDBACK_REPORT);
        assertThat(classify(arf.replace("Feedback-Type: abuse", "Feedback-Type: auth-failure"), EnvelopeSender.nullSender())
            .kind()).isEqualTo(MessageKind.OTHER_REPORT);

        String dmarc = "From: noreply-dmarc@example.net\nSubject: Report Domain: example.com Submitter: example.net "
            + "Report-ID: 1\nContent-Type: application/gzip; name=\"example.net!example.com!1!2.xml.gz\"\n"
            + "Content-Transfer-Encoding: base64\n\nH4sIAAAAAAAAAw==\n";
        assertThat(classify(dmarc, EnvelopeSender.unknown()).kind()).isEqualTo(MessageKind.OTHER_REPORT);

        String tls = "From: tls@example.net\nSubject: Report Domain: example.com\nContent-Type: multipart/report; "
            + "report-type=tlsrpt; boundary=b\n\n--b\n\nTLS report\n--b\nContent-Type: application/tlsrpt+gzip\n\nxx\n--b--\n";
        assertThat(classify(tls, EnvelopeSender.unknown()).kind()).isEqualTo(MessageKind.OTHER_REPORT);
    }

    @Test
    void challengeIsNotABounce() {
        String message = "From: guard@example.net\nTo: sender@example.com\nSubject: Please confirm your message\n\n"
            + "Your message was not delivered yet. To have your address added to my allowed list, "
            + "please confirm your message by clicking the link below.\n";
        assertThat(classify(message, EnvelopeSender.nullSender()).kind()).isEqualTo(MessageKind.CHALLENGE_RESPONSE);
    }

    @Test
    void peopleTalkingAboutBouncesAreRegularMail() {
        String message = "From: carol@example.org\nTo: list@example.org\nSubject: Re: Undeliverable mail again\n"
            + "List-Id: <list.example.org>\n\nI keep getting \"Delivery to the following recipient failed permanently\" "
            + "with 550 5.1.1 user unknown. Any idea?\n";
        assertThat(classify(message, EnvelopeSender.of("carol@example.org")).kind()).isEqualTo(MessageKind.REGULAR);

        String subjectOnly = "From: dave@example.org\nSubject: Returned mail\n\nPlease return the mail I lent you.\n";
        assertThat(classify(subjectOnly, EnvelopeSender.nullSender()).kind()).isEqualTo(MessageKind.REGULAR);
    }

    @Test
    void streamIsReadOnlyUpToThePrefixAndNotClosed() throws IOException {
        byte[] big = new byte[5 * 1024 * 1024];
        byte[] head = RFC3464_FAILURE.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, big, 0, head.length);
        java.util.Arrays.fill(big, head.length, big.length, (byte) 'x');
        CountingStream stream = new CountingStream(big);
        Verdict verdict = classifier.classify(stream, EnvelopeSender.nullSender());
        assertThat(verdict.kind()).isEqualTo(MessageKind.NDR);
        assertThat(stream.consumed).isLessThanOrEqualTo(NdrClassifier.DEFAULT_MAX_PREFIX_BYTES);
        assertThat(stream.closed).isFalse();
    }

    @Test
    void prefixLimitIsValidated() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new NdrClassifier(10))
            .withMessageContaining("maxPrefixBytes");
    }

    private static final class CountingStream extends ByteArrayInputStream {
        int consumed;
        boolean closed;

        CountingStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            if (n > 0) {
                consumed += n;
            }
            return n;
        }

        @Override
        public synchronized int read() {
            int c = super.read();
            if (c >= 0) {
                consumed++;
            }
            return c;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
