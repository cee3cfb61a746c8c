package io.github.backscatterguard.ndr;

import io.github.backscatterguard.ndr.mime.ContentType;
import io.github.backscatterguard.ndr.mime.EncodedWords;
import io.github.backscatterguard.ndr.mime.HeaderSection;
import io.github.backscatterguard.ndr.mime.MimePart;
import io.github.backscatterguard.ndr.mime.MimeWalker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The facts about one message that the decision needs, gathered in one bounded pass: header
 * signals, the MIME structure and its report parts, the parsed delivery-status fields, and the
 * phrases found in the subject and in the first text parts.
 */
final class MessageAnalysis {
    /** Decoded bytes of one part that are searched; a DSN's text comes first, so this is plenty. */
    static final int MAX_PART_BYTES = 16 * 1024;
    /** Normalised chars of all text parts together that are searched for phrases. */
    static final int MAX_SEARCH_CHARS = 32 * 1024;
    /** Chars of the first text part kept in original case for status codes, diagnostic, recipients. */
    static final int MAX_PRIMARY_CHARS = 8 * 1024;

    private static final String[] REPLY_PREFIXES = {"re:", "aw:", "fw:", "fwd:", "sv:", "wg:", "tr:", "rv:", "antw:", "odp:", "vs:", "r:"};

    final HeaderSection headers;
    final SenderSignals sender;
    final String subject;
    final boolean replySubject;
    final String autoSubmitted;
    final boolean listMail;
    final String precedence;
    final String reportType;

    boolean deliveryStatusPart;
    boolean dispositionPart;
    boolean feedbackPart;
    String feedbackType;
    boolean tlsReportPart;
    boolean dmarcAttachment;
    boolean returnedMessagePart;
    final List<DeliveryStatusFields> deliveryStatus = new ArrayList<>();
    DeliveryStatusFields inlineStatus;
    final PhraseBook.Findings subjectFindings = new PhraseBook.Findings();
    final PhraseBook.Findings bodyFindings = new PhraseBook.Findings();
    String primaryText = "";

    MessageAnalysis(String text, EnvelopeSender envelope) {
        headers = HeaderSection.parse(text, 0, text.length());
        sender = SenderSignals.of(envelope, headers);
        subject = EncodedWords.decode(headers.first("subject"));
        String normalisedSubject = SearchText.ofHeader(subject);
        replySubject = startsWithReplyPrefix(normalisedSubject);
        PhraseBook.SUBJECT.scan(normalisedSubject, 0, normalisedSubject.length(), subjectFindings);
        autoSubmitted = AutoSubmitted.keyword(headers.first("auto-submitted"));
        listMail = headers.has("list-id") || headers.has("list-unsubscribe") || headers.has("list-post")
            || headers.has("mailing-list") || headers.has("x-mailing-list");
        String precedenceValue = headers.first("precedence");
        precedence = precedenceValue == null ? "" : precedenceValue.trim().toLowerCase(Locale.ROOT);
        ContentType top = ContentType.parse(headers.first("content-type"), ContentType.TEXT_PLAIN);
        String type = top.parameter("report-type");
        reportType = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        readParts(text, MimeWalker.walk(text, headers));
    }

    private void readParts(String text, List<MimePart> parts) {
        PhraseBook.Scan search = PhraseBook.BODY.startScan();
        String firstText = null;
        boolean primaryTaken = false;
        boolean brokenMultipart = parts.size() == 1 && parts.get(0).contentType().isMultipart();
        for (MimePart part : parts) {
            // A multipart whose boundary is never found is read as plain text, as mail readers do.
            ContentType type = brokenMultipart ? ContentType.TEXT_PLAIN : part.contentType();
            String media = type.mediaType();
            if (type.isMultipart()) {
                continue;
            }
            switch (media) {
                case "message/delivery-status":
                case "message/global-delivery-status":
                    deliveryStatusPart = true;
                    deliveryStatus.add(DeliveryStatusFields.parse(part.decodedBody(text, MAX_PART_BYTES)));
                    continue;
                case "message/disposition-notification":
                case "message/global-disposition-notification":
                    dispositionPart = true;
                    continue;
                case "message/feedback-report":
                    feedbackPart = true;
                    feedbackType = feedbackType(part.decodedBody(text, 4096));
                    continue;
                case "application/tlsrpt+gzip":
                case "application/tlsrpt+json":
                    tlsReportPart = true;
                    continue;
                case "message/rfc822":
                case "message/global":
                case "text/rfc822-headers":
                case "message/rfc822-headers":
                case "message/global-headers":
                    returnedMessagePart = true;
                    continue;
                default:
                    break;
            }
            if (isDmarcAttachment(part)) {
                dmarcAttachment = true;
                continue;
            }
            if (!type.isText() || search.count() >= MAX_SEARCH_CHARS) {
                continue;
            }
            String decoded = part.decodedBody(text, MAX_PART_BYTES);
            SearchText.append(decoded, media.equals("text/html"), search, MAX_SEARCH_CHARS);
            search.accept(' ');
            if (firstText == null) {
                firstText = decoded;
            }
            if (!primaryTaken && !media.equals("text/html")) {
                primaryText = decoded.length() > MAX_PRIMARY_CHARS ? decoded.substring(0, MAX_PRIMARY_CHARS) : decoded;
                primaryTaken = true;
            }
            if (inlineStatus == null && hasInlineStatusFields(decoded)) {
                inlineStatus = DeliveryStatusFields.parse(decoded);
            }
        }
        if (!primaryTaken && firstText != null) {
            primaryText = firstText.length() > MAX_PRIMARY_CHARS ? firstText.substring(0, MAX_PRIMARY_CHARS) : firstText;
        }
        search.finishInto(bodyFindings);
    }

    /** A text part that carries RFC 3464 fields in-line (some MTAs send the DSN as text/plain). */
    private static boolean hasInlineStatusFields(String text) {
        return lineStartsWith(text, "action:") && lineStartsWith(text, "status:");
    }

    private static boolean lineStartsWith(String text, String lowerPrefix) {
        int pos = 0;
        while (pos >= 0 && pos < text.length()) {
            if (text.regionMatches(true, pos, lowerPrefix, 0, lowerPrefix.length())) {
                return true;
            }
            int next = text.indexOf('\n', pos);
            pos = next < 0 ? -1 : next + 1;
        }
        return false;
    }

    /** The Feedback-Type field of an ARF report (RFC 5965), in lower case, or "". */
    private static String feedbackType(String body) {
        int pos = 0;
        while (pos >= 0 && pos < body.length()) {
            if (body.regionMatches(true, pos, "feedback-type:", 0, 14)) {
                int end = body.indexOf('\n', pos);
                return body.substring(pos + 14, end < 0 ? body.length() : end).trim().toLowerCase(Locale.ROOT);
            }
            int next = body.indexOf('\n', pos);
            pos = next < 0 ? -1 : next + 1;
        }
        return "";
    }

    /** RFC 7489 section 7.2.1.1: aggregate reports are zip/gzip/xml files named receiver!domain!begin!end. */
    private static boolean isDmarcAttachment(MimePart part) {
        String media = part.contentType().mediaType();
        boolean archive = media.contains("zip") || media.contains("gzip") || media.endsWith("/xml")
            || media.equals("application/octet-stream");
        if (!archive) {
            return false;
        }
        String name = part.contentType().parameter("name");
        String disposition = part.headers().first("content-disposition");
        String haystack = ((name == null ? "" : name) + " " + (disposition == null ? "" : disposition)).toLowerCase(Locale.ROOT);
        int bang = haystack.indexOf('!');
        return bang >= 0 && haystack.indexOf('!', bang + 1) > bang
            && (haystack.contains(".xml") || haystack.contains(".zip") || haystack.contains(".gz"));
    }

    private static boolean startsWithReplyPrefix(String normalisedSubject) {
        String s = normalisedSubject;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close > 0 && close < 40) {
                s = s.substring(close + 1).trim();
            }
        }
        for (String prefix : REPLY_PREFIXES) {
            if (s.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    boolean hasAnyDeliveryStatusFields() {
        for (DeliveryStatusFields fields : deliveryStatus) {
            if (!fields.recipients.isEmpty() || fields.reportingMta != null) {
                return true;
            }
        }
        return false;
    }
}
