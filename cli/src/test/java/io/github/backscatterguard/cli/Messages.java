package io.github.backscatterguard.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test messages written to temporary files. */
final class Messages {
    static final String FAILED_RECIPIENT = "nobody@example.org";
    static final String STATUS = "5.1.1";
    static final String REPORTING_MTA = "mx.example.net";

    /** A non-delivery report in the form of RFC 3464 (its section 10 examples), with CRLF line ends. */
    static final String DSN = String.join("\r\n",
        "Return-Path: <>",
        "Date: Thu, 7 Jul 1994 17:16:05 -0400",
        "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>",
        "Message-Id: <199407072116.RAA14128@mx.example.net>",
        "Subject: Returned mail: Cannot send message for 5 days",
        "To: <sender@example.com>",
        "MIME-Version: 1.0",
        "Content-Type: multipart/report; report-type=delivery-status;",
        "    boundary=\"RAA14128.773615765/mx.example.net\"",
        "",
        "--RAA14128.773615765/mx.example.net",
        "",
        "The original message was received at Sat, 2 Jul 1994 17:10:28 -0400",
        "from sender.example.com [192.0.2.10]",
        "",
        "   ----- The following addresses had permanent fatal errors -----",
        "<" + FAILED_RECIPIENT + ">",
        "",
        "--RAA14128.773615765/mx.example.net",
        "content-type: message/delivery-status",
        "",
        "Reporting-MTA: dns; " + REPORTING_MTA,
        "Arrival-Date: Sat, 2 Jul 1994 17:10:28 -0400",
        "",
        "Final-Recipient: rfc822; " + FAILED_RECIPIENT,
        "Action: failed",
        "Status: " + STATUS,
        "Remote-MTA: dns; mail.example.org",
        "Diagnostic-Code: smtp; 550 5.1.1 <" + FAILED_RECIPIENT + ">... User unknown",
        "",
        "--RAA14128.773615765/mx.example.net",
        "content-type: message/rfc822",
        "",
        "Return-Path: <sender@example.com>",
        "From: Sender <sender@example.com>",
        "To: <" + FAILED_RECIPIENT + ">",
        "Subject: lunch",
        "",
        "Are we meeting on Friday?",
        "",
        "--RAA14128.773615765/mx.example.net--",
        "");

    /** An ordinary message written by a person. */
    static final String REGULAR = String.join("\r\n",
        "Return-Path: <alice@example.com>",
        "From: Alice <alice@example.com>",
        "To: Bob <bob@example.org>",
        "Subject: Minutes of Tuesday's meeting",
        "Date: Tue, 1 Oct 2024 10:00:00 +0200",
        "Message-ID: <minutes-42@example.com>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Hi Bob,",
        "",
        "here are the minutes. The next meeting is on Thursday.",
        "",
        "Alice",
        "");

    private Messages() {
    }

    static Path write(Path file, String message) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, message.getBytes(StandardCharsets.US_ASCII));
    }
}
