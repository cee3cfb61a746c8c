package io.github.backscatterguard.james.mailets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

/** Delivery reports written by hand, as MTAs write them (RFC 3464 / RFC 6522), with CRLF line ends. */
final class Ndrs {
    static final String RETURNED_HEADERS = String.join("\r\n",
        "Received: from client.example.net (client.example.net [198.51.100.7])",
        "\tby relay.example.com with ESMTP id 4F1A2B3C",
        "From: \"Cheap Pills\" <offers@forged.example>",
        "To: <nobody@example.org>",
        "Subject: Buy now",
        "Message-ID: <spam-42@forged.example>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=us-ascii",
        "");
    static final String SPAM_BODY = "Visit http://spam.example/ for the best prices on everything.\r\n";

    static final String TEXT_PART = "Content-Type: text/plain; charset=us-ascii\r\n"
        + "Content-Description: Notification\r\n"
        + "\r\n"
        + "This is the mail system at host mx.example.org.\r\n"
        + "\r\n"
        + "I'm sorry to have to inform you that your message could not\r\n"
        + "be delivered to one or more recipients.\r\n";
    static final String STATUS_PART = "Content-Type: message/delivery-status\r\n"
        + "Content-Description: Delivery report\r\n"
        + "\r\n"
        + "Reporting-MTA: dns; mx.example.org\r\n"
        + "Arrival-Date: Tue, 4 Mar 2025 10:00:00 +0000\r\n"
        + "\r\n"
        + "Final-Recipient: rfc822; nobody@example.org\r\n"
        + "Action: failed\r\n"
        + "Status: 5.1.1\r\n"
        + "Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.org>: Recipient address rejected\r\n";

    private Ndrs() {
    }

    static String topHeaders(String contentType) {
        return "Return-Path: <>\r\n"
            + "Received: from mx.example.org (mx.example.org [203.0.113.5])\r\n"
            + "\tby relay.example.com with ESMTP id 99AA\r\n"
            + "Date: Tue, 4 Mar 2025 10:00:01 +0000 (UTC)\r\n"
            + "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\r\n"
            + "Subject: Undelivered Mail Returned to Sender\r\n"
            + "To: offers@forged.example\r\n"
            + "Auto-Submitted: auto-replied\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: " + contentType + "\r\n"
            + "Message-Id: <20250304100001.1234@mx.example.org>\r\n";
    }

    /** A Postfix-like RFC 3464 NDR whose third part returns the whole original message. */
    static String report() {
        return report("message/rfc822", "", RETURNED_HEADERS + "\r\n" + SPAM_BODY);
    }

    /** {@code returnedPartHeaders} are extra header lines of the third part, each ended by CRLF. */
    static String report(String returnedType, String returnedPartHeaders, String returnedContent) {
        return topHeaders("multipart/report; report-type=delivery-status;\r\n\tboundary=\"B1\"")
            + "\r\n"
            + "This is a MIME-encapsulated message.\r\n"
            + "\r\n"
            + "--B1\r\n" + TEXT_PART
            + "\r\n--B1\r\n" + STATUS_PART
            + "\r\n--B1\r\n"
            + "Content-Type: " + returnedType + "\r\n"
            + "Content-Description: Undelivered Message\r\n"
            + returnedPartHeaders
            + "\r\n"
            + returnedContent
            + "\r\n--B1--\r\n";
    }

    /** The report wrapped in a multipart/mixed, as some gateways forward it. */
    static String nestedReport() {
        return topHeaders("multipart/mixed; boundary=\"OUTER\"")
            + "\r\n"
            + "--OUTER\r\n"
            + "Content-Type: text/plain\r\n"
            + "\r\n"
            + "Forwarded by the gateway.\r\n"
            + "--OUTER\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B1\"\r\n"
            + "\r\n"
            + "--B1\r\n" + TEXT_PART
            + "\r\n--B1\r\n" + STATUS_PART
            + "\r\n--B1\r\n"
            + "Content-Type: message/rfc822\r\n"
            + "\r\n"
            + RETURNED_HEADERS + "\r\n" + SPAM_BODY
            + "\r\n--B1--\r\n"
            + "\r\n--OUTER--\r\n";
    }

    /** A bounce in plain text, the returned message quoted in the body: nothing to trim. */
    static String plainTextBounce() {
        return topHeaders("text/plain; charset=us-ascii")
            + "\r\n"
            + "Your message to nobody@example.org could not be delivered.\r\n"
            + "------ This is a copy of your message, including all the headers. ------\r\n"
            + RETURNED_HEADERS + "\r\n" + SPAM_BODY;
    }

    static MimeMessage parse(String text) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String bytesOf(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
