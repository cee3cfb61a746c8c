package io.github.backscatterguard.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/**
 * Synthetic messages of about 50 MB, the size of a mail carrying a large attachment: the classifier
 * must cost about the same on them as on a small message, since it reads only a bounded prefix.
 */
final class LargeMessage {
    static final int TARGET_BYTES = 50 * 1024 * 1024;
    private static final String CRLF = "\r\n";
    private static final String BOUNDARY = "large-attachment-boundary";
    private static final String REPORT_BOUNDARY = "report-boundary";

    private LargeMessage() {
    }

    /** An ordinary mail with a base64 attachment filling it to about 50 MB. */
    static byte[] regularWithAttachment() {
        String head = lines(
            "Return-Path: <alice@example.com>",
            "From: Alice <alice@example.com>",
            "To: Bob <bob@example.org>",
            "Subject: The scans you asked for",
            "Date: Tue, 1 Oct 2024 10:00:00 +0200",
            "Message-ID: <scans-1@example.com>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"" + BOUNDARY + "\"",
            "",
            "--" + BOUNDARY,
            "Content-Type: text/plain; charset=utf-8",
            "",
            "Hi Bob, the scans are attached. Alice",
            "",
            "--" + BOUNDARY,
            "Content-Type: application/pdf; name=\"scans.pdf\"",
            "Content-Transfer-Encoding: base64",
            "Content-Disposition: attachment; filename=\"scans.pdf\"",
            "");
        return assemble(head, "--" + BOUNDARY + "--" + CRLF);
    }

    /** An RFC 3464 non-delivery report returning the whole original, which carried a large attachment. */
    static byte[] ndrReturningLargeOriginal() {
        String head = lines(
            "Return-Path: <>",
            "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>",
            "To: <alice@example.com>",
            "Subject: Undelivered Mail Returned to Sender",
            "Date: Tue, 1 Oct 2024 10:00:05 +0200",
            "Message-ID: <bounce-1@mx.example.net>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"" + REPORT_BOUNDARY + "\"",
            "",
            "--" + REPORT_BOUNDARY,
            "Content-Type: text/plain; charset=us-ascii",
            "",
            "Your message could not be delivered to <bob@example.org>: mailbox unknown.",
            "",
            "--" + REPORT_BOUNDARY,
            "Content-Type: message/delivery-status",
            "",
            "Reporting-MTA: dns; mx.example.net",
            "",
            "Final-Recipient: rfc822; bob@example.org",
            "Action: failed",
            "Status: 5.1.1",
            "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected",
            "",
            "--" + REPORT_BOUNDARY,
            "Content-Type: message/rfc822",
            "",
            "Return-Path: <alice@example.com>",
            "From: Alice <alice@example.com>",
            "To: Bob <bob@example.org>",
            "Subject: The scans you asked for",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"" + BOUNDARY + "\"",
            "",
            "--" + BOUNDARY,
            "Content-Type: application/pdf; name=\"scans.pdf\"",
            "Content-Transfer-Encoding: base64",
            "");
        return assemble(head, "--" + BOUNDARY + "--" + CRLF + CRLF + "--" + REPORT_BOUNDARY + "--" + CRLF);
    }

    /** {@code head}, base64 lines of fixed pseudo-random bytes up to the target size, then {@code tail}. */
    private static byte[] assemble(String head, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(TARGET_BYTES + 4096);
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        Random random = new Random(20241001L); // fixed seed: every run measures the same bytes
        byte[] chunk = new byte[57]; // 57 bytes encode to one 76-character base64 line
        Base64.Encoder encoder = Base64.getEncoder();
        byte[] lineEnd = CRLF.getBytes(StandardCharsets.US_ASCII);
        while (out.size() < TARGET_BYTES) {
            random.nextBytes(chunk);
            out.writeBytes(encoder.encode(chunk));
            out.writeBytes(lineEnd);
        }
        out.writeBytes(tail.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String lines(String... lines) {
        return String.join(CRLF, lines) + CRLF;
    }
}
