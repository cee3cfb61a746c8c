package io.github.backscatterguard.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The hostile messages of issue 6, built byte for byte: what a spammer, a broken MTA or an attacker
 * may hand the mail server. Shared by the James-side tests (matchers, mailets) and the JMH benchmark,
 * so the messages proven harmless are the ones measured. Most are shaped as delivery reports with
 * the machine-readable part where the classifier will look, so every layer of it is exercised.
 * Built with fixed seeds: the same bytes on every run.
 */
public enum HostileMessage {
    ATTACHMENT_50MB("50 MB attachment", HostileMessage::attachment50Mb),
    NDR_RETURNING_50MB("NDR returning a 50 MB message", HostileMessage::ndrReturning50Mb),
    PARTS_10000("10,000 MIME parts", HostileMessage::parts10000),
    NESTING_1000("MIME nesting 1,000 deep", HostileMessage::nesting1000),
    HEADER_LINE_1MB("1 MB header line", HostileMessage::headerLine1Mb),
    HEADER_LINES_100000("100,000 header lines", HostileMessage::headerLines100000),
    UNCLOSED_MULTIPART("multipart with no closing boundary", HostileMessage::unclosedMultipart),
    BOGUS_CHARSET("undeclared and bogus charsets", HostileMessage::bogusCharset),
    CR_ONLY("CR-only line endings", HostileMessage::crOnly),
    NUL_AND_BINARY("NUL bytes and binary garbage", HostileMessage::nulAndBinary),
    DELIVERY_STATUS_10MB("10 MB message/delivery-status part", HostileMessage::deliveryStatus10Mb);

    public static final int FIFTY_MB = 50 * 1024 * 1024;
    private static final String CRLF = "\r\n";
    private static final String REPORT_TYPE = "multipart/report; report-type=delivery-status; boundary=\"report\"";

    private final String description;
    private final Supplier<byte[]> builder;

    HostileMessage(String description, Supplier<byte[]> builder) {
        this.description = description;
        this.builder = builder;
    }

    public String description() {
        return description;
    }

    /** Builds the message anew (the largest take a few hundred milliseconds). */
    public byte[] bytes() {
        return builder.get();
    }

    @Override
    public String toString() {
        return description;
    }

    private static String bounceHeaders(String contentType) {
        return "Return-Path: <>" + CRLF
            + "Received: from mx.example.net (mx.example.net [203.0.113.5])" + CRLF
            + "\tby mail.example.com with ESMTP id 7B1F0A" + CRLF
            + "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>" + CRLF
            + "To: <alice@example.com>" + CRLF
            + "Subject: Undelivered Mail Returned to Sender" + CRLF
            + "Date: Tue, 4 Mar 2025 10:15:02 +0100" + CRLF
            + "Message-ID: <bounce-1@mx.example.net>" + CRLF
            + "Auto-Submitted: auto-replied" + CRLF
            + "MIME-Version: 1.0" + CRLF
            + "Content-Type: " + contentType + CRLF;
    }

    private static final String NOTIFICATION = "--report" + CRLF
        + "Content-Type: text/plain; charset=us-ascii" + CRLF
        + CRLF
        + "Your message could not be delivered to <bob@example.org>: mailbox unknown." + CRLF
        + CRLF;

    private static final String STATUS_FIELDS = "Reporting-MTA: dns; mx.example.net" + CRLF
        + CRLF
        + "Final-Recipient: rfc822; bob@example.org" + CRLF
        + "Action: failed" + CRLF
        + "Status: 5.1.1" + CRLF
        + "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected" + CRLF;

    private static final String STATUS_PART = "--report" + CRLF
        + "Content-Type: message/delivery-status" + CRLF
        + CRLF
        + STATUS_FIELDS
        + CRLF;

    private static final String ORIGINAL_HEADERS = "From: Alice <alice@example.com>" + CRLF
        + "To: Bob <bob@example.org>" + CRLF
        + "Subject: The scans you asked for" + CRLF
        + "Message-ID: <scans-1@example.com>" + CRLF
        + "MIME-Version: 1.0" + CRLF;

    private static byte[] attachment50Mb() {
        String head = ORIGINAL_HEADERS
            + "Return-Path: <alice@example.com>" + CRLF
            + "Content-Type: multipart/mixed; boundary=\"mixed\"" + CRLF
            + CRLF
            + "--mixed" + CRLF
            + "Content-Type: text/plain; charset=utf-8" + CRLF
            + CRLF
            + "Hi Bob, the scans are attached." + CRLF
            + CRLF
            + "--mixed" + CRLF
            + "Content-Type: application/pdf; name=\"scans.pdf\"" + CRLF
            + "Content-Transfer-Encoding: base64" + CRLF
            + CRLF;
        return base64Filled(head, CRLF + "--mixed--" + CRLF, FIFTY_MB);
    }

    private static byte[] ndrReturning50Mb() {
        String head = bounceHeaders(REPORT_TYPE) + CRLF
            + NOTIFICATION + STATUS_PART
            + "--report" + CRLF
            + "Content-Type: message/rfc822" + CRLF
            + CRLF
            + ORIGINAL_HEADERS
            + "Content-Type: application/pdf; name=\"scans.pdf\"" + CRLF
            + "Content-Transfer-Encoding: base64" + CRLF
            + CRLF;
        return base64Filled(head, CRLF + "--report--" + CRLF, FIFTY_MB);
    }

    private static byte[] parts10000() {
        StringBuilder message = new StringBuilder(bounceHeaders(REPORT_TYPE)).append(CRLF);
        for (int i = 0; i < 10_000; i++) {
            message.append("--report").append(CRLF)
                .append("Content-Type: text/plain").append(CRLF).append(CRLF)
                .append("part ").append(i).append(": undeliverable").append(CRLF);
        }
        return ascii(message.append(STATUS_PART).append("--report--").append(CRLF));
    }

    private static byte[] nesting1000() {
        StringBuilder message = new StringBuilder(bounceHeaders("multipart/mixed; boundary=\"n0\"")).append(CRLF);
        for (int depth = 1; depth <= 1_000; depth++) {
            message.append("--n").append(depth - 1).append(CRLF)
                .append("Content-Type: multipart/mixed; boundary=\"n").append(depth).append('"').append(CRLF)
                .append(CRLF);
        }
        message.append("--n1000").append(CRLF)
            .append("Content-Type: message/delivery-status").append(CRLF).append(CRLF)
            .append(STATUS_FIELDS);
        for (int depth = 1_000; depth >= 0; depth--) {
            message.append("--n").append(depth).append("--").append(CRLF);
        }
        return ascii(message);
    }

    private static byte[] headerLine1Mb() {
        return ascii(new StringBuilder(bounceHeaders(REPORT_TYPE))
            .append("X-Spam-Report: ").append("x".repeat(1024 * 1024)).append(CRLF)
            .append(CRLF).append(NOTIFICATION).append(STATUS_PART).append("--report--").append(CRLF));
    }

    private static byte[] headerLines100000() {
        StringBuilder message = new StringBuilder(bounceHeaders(REPORT_TYPE));
        for (int i = 0; i < 100_000; i++) {
            message.append("X-Trace-").append(i).append(": hop ").append(i).append(CRLF);
        }
        return ascii(message.append(CRLF).append(NOTIFICATION).append(STATUS_PART).append("--report--").append(CRLF));
    }

    private static byte[] unclosedMultipart() {
        // The last part never ends: no closing delimiter, no final line break.
        return ascii(new StringBuilder(bounceHeaders(REPORT_TYPE)).append(CRLF).append(NOTIFICATION)
            .append("--report").append(CRLF)
            .append("Content-Type: message/delivery-status").append(CRLF).append(CRLF)
            .append(STATUS_FIELDS)
            .append("--report").append(CRLF)
            .append("Content-Type: message/rfc822").append(CRLF).append(CRLF)
            .append(ORIGINAL_HEADERS).append(CRLF)
            .append("Hello Bob, as promised"));
    }

    private static byte[] bogusCharset() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(new StringBuilder()
            .append("Return-Path: <>").append(CRLF)
            .append("From: =?x-no-such-charset?B?TUFJTEVSLURBRU1PTg==?= <MAILER-DAEMON@mx.example.net>").append(CRLF)
            .append("Subject: =?utf-7?Q?+AGEAYgBj-?= =?\"?Q?=ZZ?= =?utf-8?B?////?=").append(CRLF)
            .append("MIME-Version: 1.0").append(CRLF)
            .append("Content-Type: multipart/report; report-type=delivery-status; boundary=\"report\"; charset=\"\\\"\\\"").append(CRLF)
            .append(CRLF)
            .append("--report").append(CRLF)
            .append("Content-Type: text/plain; charset=x-mac-klingon").append(CRLF)
            .append("Content-Transfer-Encoding: quoted-printable").append(CRLF).append(CRLF)
            .append("Delivery failed =E9=E8=\r\n=ZZ").append(CRLF)
            .append("--report").append(CRLF)
            // No charset at all, and 8-bit bytes in it.
            .append("Content-Type: message/delivery-status").append(CRLF).append(CRLF)));
        out.writeBytes("Final-Recipient: rfc822; b\u00f6b@ex\u00e4mple.org\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes("Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 \u00ff\u00fe\u00fd\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(ascii(new StringBuilder("--report--").append(CRLF)));
        return out.toByteArray();
    }

    private static byte[] crOnly() {
        String crlfReport = bounceHeaders(REPORT_TYPE) + CRLF + NOTIFICATION + STATUS_PART + "--report--" + CRLF;
        return crlfReport.replace(CRLF, "\r").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] nulAndBinary() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("Return-Path: <>\r\nSubject: Undeliv\u0000ered\r\nContent-Type: multipart/report; boundary=\"\u0000\"\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[64 * 1024]);
        byte[] garbage = new byte[1024 * 1024];
        new Random(6).nextBytes(garbage);
        out.writeBytes(garbage);
        out.writeBytes("\r\n--\u0000\r\nAction: failed\u0000\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static byte[] deliveryStatus10Mb() {
        StringBuilder message = new StringBuilder(bounceHeaders(REPORT_TYPE)).append(CRLF).append(NOTIFICATION)
            .append("--report").append(CRLF)
            .append("Content-Type: message/delivery-status").append(CRLF).append(CRLF)
            .append("Reporting-MTA: dns; mx.example.net").append(CRLF);
        int i = 0;
        while (message.length() < 10 * 1024 * 1024) {
            message.append(CRLF)
                .append("Final-Recipient: rfc822; user").append(i++).append("@example.org").append(CRLF)
                .append("Action: failed").append(CRLF)
                .append("Status: 5.1.1").append(CRLF);
        }
        return ascii(message.append(CRLF).append("--report--").append(CRLF));
    }

    /** {@code head}, base64 lines of pseudo-random bytes up to {@code size}, then {@code tail}. */
    private static byte[] base64Filled(String head, String tail, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 4096);
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        Random random = new Random(50);
        byte[] chunk = new byte[57]; // one 76-character base64 line
        Base64.Encoder encoder = Base64.getEncoder();
        while (out.size() < size) {
            random.nextBytes(chunk);
            out.writeBytes(encoder.encode(chunk));
            out.writeBytes(CRLF.getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(tail.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] ascii(CharSequence text) {
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
