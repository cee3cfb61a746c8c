package io.github.backscatterguard.james.matchers;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.builder.MimeMessageBuilder;

/** Messages written for these tests: a Postfix-style RFC 3464 DSN (failed and delayed), a regular mail and a vacation reply. */
final class TestMessages {
    static final String FAILED_DSN = String.join("\r\n",
        "Return-Path: <>",
        "Date: Tue, 4 Mar 2025 10:15:02 +0100 (CET)",
        "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)",
        "Subject: Undelivered Mail Returned to Sender",
        "To: alice@example.com",
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        "Content-Type: multipart/report; report-type=delivery-status;",
        "\tboundary=\"4C1A3E0091.1741079702/mx.example.net\"",
        "Message-Id: <20250304091502.4C1A3E0091@mx.example.net>",
        "",
        "This is a MIME-encapsulated message.",
        "",
        "--4C1A3E0091.1741079702/mx.example.net",
        "Content-Description: Notification",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "This is the mail system at host mx.example.net.",
        "",
        "I'm sorry to have to inform you that your message could not",
        "be delivered to one or more recipients.",
        "",
        "<bob@example.org>: host mail.example.org[192.0.2.25] said: 550 5.1.1",
        "    <bob@example.org>: Recipient address rejected: User unknown",
        "",
        "--4C1A3E0091.1741079702/mx.example.net",
        "Content-Description: Delivery report",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.example.net",
        "X-Postfix-Queue-ID: 4C1A3E0091",
        "Arrival-Date: Tue,  4 Mar 2025 10:15:01 +0100 (CET)",
        "",
        "Final-Recipient: rfc822; bob@example.org",
        "Original-Recipient: rfc822;bob@example.org",
        "Action: failed",
        "Status: 5.1.1",
        "Remote-MTA: dns; mail.example.org",
        "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown",
        "",
        "--4C1A3E0091.1741079702/mx.example.net",
        "Content-Description: Undelivered Message Headers",
        "Content-Type: text/rfc822-headers",
        "",
        "From: Alice <alice@example.com>",
        "To: bob@example.org",
        "Subject: Lunch on Friday?",
        "Message-ID: <lunch-42@example.com>",
        "Date: Tue, 4 Mar 2025 10:14:58 +0100",
        "",
        "--4C1A3E0091.1741079702/mx.example.net--",
        "");

    static final String DELAYED_DSN = FAILED_DSN
        .replace("Subject: Undelivered Mail Returned to Sender", "Subject: Delayed Mail (still being retried)")
        .replace("Action: failed", "Action: delayed")
        .replace("Status: 5.1.1", "Status: 4.4.1")
        .replace("Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown",
            "Diagnostic-Code: X-Postfix; connect to mail.example.org[192.0.2.25]:25: Connection timed out");

    private TestMessages() {
    }

    static MimeMessage parse(String rawText) throws MessagingException {
        return new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(rawText.getBytes(StandardCharsets.US_ASCII)));
    }

    static MimeMessageBuilder regularMail() throws MessagingException {
        return MimeMessageBuilder.mimeMessageBuilder()
            .addFrom("alice@example.com")
            .addToRecipient("bob@example.org")
            .setSubject("Lunch on Friday?")
            .setText("Hi Bob, shall we meet at noon?");
    }

    static MimeMessageBuilder vacationReply() throws MessagingException {
        return MimeMessageBuilder.mimeMessageBuilder()
            .addFrom("bob@example.org")
            .addToRecipient("alice@example.com")
            .setSubject("Out of office: Lunch on Friday?")
            .addHeader("Auto-Submitted", "auto-replied")
            .addHeader("In-Reply-To", "<lunch-42@example.com>")
            .setText("I am away until Monday and will read your message when I am back.");
    }
}
