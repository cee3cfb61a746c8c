package io.github.backscatterguard.it;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.mail.MessagingException;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeUtility;

/** The header section of one message as an IMAP server returned it for {@code FETCH n (BODY.PEEK[HEADER])}. */
final class MessageHeaders {

    // "* 2 FETCH (BODY[HEADER] {1234}" then CRLF and exactly 1234 octets of headers.
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}\r\n");

    private final int sequenceNumber;
    private final InternetHeaders headers;

    private MessageHeaders(int sequenceNumber, InternetHeaders headers) {
        this.sequenceNumber = sequenceNumber;
        this.headers = headers;
    }

    static MessageHeaders fromFetchReply(int sequenceNumber, String reply) {
        Matcher literal = LITERAL.matcher(reply);
        if (!reply.contains("* " + sequenceNumber + " FETCH") || !literal.find()) {
            throw new IllegalStateException("unexpected IMAP FETCH reply: " + reply);
        }
        // Our test messages are ASCII, so one octet of the literal is one char of the reply.
        int start = literal.end();
        String headerSection = reply.substring(start, start + Integer.parseInt(literal.group(1)));
        try {
            return new MessageHeaders(sequenceNumber,
                new InternetHeaders(new ByteArrayInputStream(headerSection.getBytes(StandardCharsets.US_ASCII))));
        } catch (MessagingException e) {
            throw new IllegalStateException("unparsable header section: " + headerSection, e);
        }
    }

    int sequenceNumber() {
        return sequenceNumber;
    }

    /** Every value of the named header, unfolded and trimmed; empty when the header is absent. */
    List<String> values(String name) {
        String[] values = headers.getHeader(name);
        if (values == null) {
            return List.of();
        }
        return Arrays.stream(values)
            .map(MimeUtility::unfold)
            .map(String::trim)
            .collect(Collectors.toList());
    }
}
