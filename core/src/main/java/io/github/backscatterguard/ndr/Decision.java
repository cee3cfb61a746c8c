package io.github.backscatterguard.ndr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the facts of a {@link MessageAnalysis} into a {@link Verdict}. Order matters: the
 * standard report structures (RFC 3464 DSN, RFC 8098 MDN, RFC 5965 ARF, RFC 8460 TLS-RPT, RFC 7489
 * DMARC) decide first; then non-standard bounces are recognised by combining independent signals
 * (sender, MTA template, subject, status codes, returned message), where one weak signal alone
 * never makes an NDR and an automatic reply is never taken for one without an MTA template.
 */
final class Decision {
    private static final int STRONG = 3;
    private static final int SUBJECT = 2;
    private static final int WEAK = 1;

    private Decision() {
    }

    static Verdict decide(MessageAnalysis m) {
        List<String> evidence = new ArrayList<>();
        if (m.sender.envelopeNull) {
            evidence.add("null-sender");
        } else if (m.sender.returnPathNull) {
            evidence.add("return-path:<>");
        }
        if (m.sender.daemonSender) {
            evidence.add("sender:mailer-daemon");
        }

        Verdict structured = standardReport(m, evidence);
        if (structured != null) {
            return structured;
        }
        Verdict bounce = heuristicBounce(m, evidence);
        if (bounce != null) {
            return bounce;
        }
        return notABounce(m, evidence);
    }

    // ------------------------------------------------------------------ standard reports

    private static Verdict standardReport(MessageAnalysis m, List<String> evidence) {
        boolean dsn = m.reportType.equals("delivery-status") || m.reportType.equals("global-delivery-status")
            || m.deliveryStatusPart;
        if (dsn && m.hasAnyDeliveryStatusFields()) {
            evidence.add(m.reportType.isEmpty() ? "part:message/delivery-status" : "multipart/report;report-type=" + m.reportType);
            MessageKind kind = kindFromFields(m.deliveryStatus, evidence);
            if (kind != null) {
                addFamilies(m, evidence);
                return new Verdict(kind, evidence, ReportExtractor.extract(m, kind));
            }
        }
        if (m.reportType.equals("disposition-notification") || m.dispositionPart) {
            evidence.add(m.dispositionPart ? "part:message/disposition-notification" : "multipart/report;report-type=disposition-notification");
            return new Verdict(MessageKind.MDN, evidence, DeliveryReport.empty());
        }
        if (m.reportType.equals("feedback-report") || m.feedbackPart) {
            evidence.add("multipart/report;report-type=feedback-report");
            if (m.feedbackType != null && !m.feedbackType.isEmpty()) {
                evidence.add("feedback-type=" + m.feedbackType);
            }
            // RFC 7489 failure reports use the ARF format with Feedback-Type: auth-failure.
            MessageKind kind = "auth-failure".equals(m.feedbackType) ? MessageKind.OTHER_REPORT : MessageKind.FEEDBACK_REPORT;
            return new Verdict(kind, evidence, DeliveryReport.empty());
        }
        if (m.subjectFindings.has(Cue.COMPLAINT) && m.returnedMessagePart && !m.replySubject) {
            evidence.add("complaint-report");
            return new Verdict(MessageKind.FEEDBACK_REPORT, evidence, DeliveryReport.empty());
        }
        if (m.reportType.equals("tlsrpt") || m.tlsReportPart) {
            evidence.add("tlsrpt");
            return new Verdict(MessageKind.OTHER_REPORT, evidence, DeliveryReport.empty());
        }
        // RFC 7489 7.2.1.1: "Report Domain: <domain> Submitter: <org>", or the report file itself.
        if (m.dmarcAttachment || (m.subjectFindings.has(Cue.DMARC_REPORT) && containsSubmitter(m.subject))) {
            evidence.add("dmarc-aggregate");
            return new Verdict(MessageKind.OTHER_REPORT, evidence, DeliveryReport.empty());
        }
        return null;
    }

    private static boolean containsSubmitter(String subject) {
        return subject != null && subject.toLowerCase(java.util.Locale.ROOT).contains("submitter:");
    }

    /** Failed beats delayed beats success; without Action fields the Status class decides. */
    private static MessageKind kindFromFields(List<DeliveryStatusFields> reports, List<String> evidence) {
        Set<String> actions = new LinkedHashSet<>();
        Set<String> statuses = new LinkedHashSet<>();
        for (DeliveryStatusFields report : reports) {
            for (RecipientStatus recipient : report.recipients) {
                if (recipient.action != null) {
                    actions.add(recipient.action);
                }
                if (recipient.status != null) {
                    statuses.add(recipient.status);
                }
            }
        }
        MessageKind kind = null;
        if (actions.contains("failed")) {
            evidence.add("action=failed");
            kind = MessageKind.NDR;
        } else if (actions.contains("delayed")) {
            evidence.add("action=delayed");
            kind = MessageKind.DELAY;
        } else if (actions.contains("delivered") || actions.contains("relayed") || actions.contains("expanded")) {
            evidence.add("action=" + actions.iterator().next());
            kind = MessageKind.SUCCESS_DSN;
        }
        String worst = worstStatus(statuses);
        if (kind == null && worst != null) {
            kind = worst.startsWith("5") ? MessageKind.NDR : worst.startsWith("4") ? MessageKind.DELAY : MessageKind.SUCCESS_DSN;
        }
        int shown = 0;
        for (String status : statuses) {
            if (shown++ < 3) {
                evidence.add("status=" + status);
            }
        }
        return kind;
    }

    private static String worstStatus(Set<String> statuses) {
        String worst = null;
        for (String status : statuses) {
            if (worst == null || status.charAt(0) > worst.charAt(0)) {
                worst = status;
            }
        }
        return worst;
    }

    // ------------------------------------------------------------------ non-standard bounces

    private static Verdict heuristicBounce(MessageAnalysis m, List<String> evidence) {
        PhraseBook.Findings body = m.bodyFindings;
        PhraseBook.Findings subject = m.subjectFindings;
        boolean subjectUsable = !m.replySubject;
        List<String> signals = new ArrayList<>();
        int fail = 0;
        int delay = 0;
        int shared = 0;
        boolean strong = false;

        if (m.headers.has("x-failed-recipients")) {
            signals.add("header:X-Failed-Recipients");
            fail += STRONG;
            strong = true;
        }
        if (m.headers.has("x-ms-exchange-message-is-ndr")) {
            signals.add("header:X-MS-Exchange-Message-Is-Ndr");
            fail += STRONG;
            strong = true;
        }
        if ((m.reportType.equals("delivery-status") || m.deliveryStatusPart)) {
            // A DSN without readable fields: the structure still says "delivery report".
            signals.add("multipart/report;report-type=delivery-status");
            shared += STRONG;
            strong = true;
        }
        if (body.has(Cue.FAILURE_TEMPLATE)) {
            signals.add("template:failure");
            fail += STRONG;
            strong = true;
        }
        if (body.has(Cue.DELAY_TEMPLATE)) {
            signals.add("template:delay");
            delay += STRONG;
            strong = true;
        }
        MessageKind inlineKind = null;
        if (m.inlineStatus != null && !m.inlineStatus.recipients.isEmpty()) {
            List<String> inlineEvidence = new ArrayList<>();
            inlineKind = kindFromFields(List.of(m.inlineStatus), inlineEvidence);
            if (inlineKind == MessageKind.NDR || inlineKind == MessageKind.DELAY) {
                signals.add("inline-dsn-fields");
                signals.addAll(inlineEvidence);
                if (inlineKind == MessageKind.NDR) {
                    fail += STRONG;
                } else {
                    delay += STRONG;
                }
                strong = true;
            }
        }
        if (subjectUsable && subject.has(Cue.FAILURE_SUBJECT)) {
            signals.add("subject-pattern");
            fail += SUBJECT;
        }
        if (subjectUsable && subject.has(Cue.DELAY_SUBJECT)) {
            signals.add("subject-pattern:delay");
            delay += SUBJECT;
        }
        if (body.has(Cue.MTA_BANNER)) {
            shared += WEAK;
        }
        String code = StatusCodes.next(m.primaryText, 0, m.primaryText.length(), true);
        if (code != null) {
            signals.add("status=" + code);
            if (code.startsWith("5")) {
                fail += WEAK;
            } else {
                delay += WEAK;
            }
        }
        if (body.has(Cue.FAILURE_WORDS)) {
            signals.add("failure-words");
            fail += WEAK;
        }
        if (m.returnedMessagePart || body.has(Cue.RETURNED_MESSAGE)) {
            signals.add("returned-message");
            shared += WEAK;
        }

        int score = fail + delay + shared;
        boolean subjectSignal = subjectUsable && (subject.has(Cue.FAILURE_SUBJECT) || subject.has(Cue.DELAY_SUBJECT));
        boolean bounce;
        if (m.sender.any()) {
            bounce = score >= 3 && (strong || subjectSignal);
        } else {
            // No sender evidence at all: demand an MTA template plus more, and no signs of list mail.
            bounce = strong && score >= 4 && !m.listMail && !m.replySubject;
        }
        // Vacation programs answer from the user's address; MTAs (Exim) also mark their bounces
        // auto-replied, so the auto-reply veto only applies to senders that are not MTAs.
        if (bounce && !strong && !m.sender.daemonSender && looksAutomaticReply(m)) {
            bounce = false;
        }
        if (!bounce) {
            return null;
        }
        if (!body.has(Cue.FAILURE_TEMPLATE) && inlineKind != MessageKind.NDR && !m.headers.has("x-failed-recipients")
            && looksSuccess(m)) {
            return null;
        }
        MessageKind kind = delay > fail ? MessageKind.DELAY : MessageKind.NDR;
        evidence.addAll(signals);
        addFamilies(m, evidence);
        return new Verdict(kind, evidence, ReportExtractor.extract(m, kind));
    }

    private static boolean looksSuccess(MessageAnalysis m) {
        return (m.subjectFindings.has(Cue.SUCCESS_SUBJECT) || m.bodyFindings.has(Cue.SUCCESS_TEMPLATE))
            && !m.bodyFindings.has(Cue.FAILURE_TEMPLATE);
    }

    private static boolean looksAutomaticReply(MessageAnalysis m) {
        return AutoSubmitted.AUTO_REPLIED.equals(m.autoSubmitted) || m.headers.has("x-autoreply")
            || m.headers.has("x-autorespond") || m.precedence.equals("auto_reply")
            || m.subjectFindings.has(Cue.AUTO_REPLY);
    }

    private static void addFamilies(MessageAnalysis m, List<String> evidence) {
        for (String family : m.bodyFindings.families) {
            evidence.add("mta:" + family);
        }
    }

    // ------------------------------------------------------------------ everything else

    private static Verdict notABounce(MessageAnalysis m, List<String> evidence) {
        PhraseBook.Findings body = m.bodyFindings;
        PhraseBook.Findings subject = m.subjectFindings;
        if (m.sender.any() && looksSuccess(m)) {
            evidence.add("success-notification");
            return new Verdict(MessageKind.SUCCESS_DSN, evidence, DeliveryReport.empty());
        }
        if (subject.has(Cue.READ_RECEIPT) && (body.has(Cue.READ_RECEIPT) || m.sender.isNull())) {
            evidence.add("read-receipt");
            return new Verdict(MessageKind.MDN, evidence, DeliveryReport.empty());
        }
        if (isChallenge(m)) {
            evidence.add("challenge-response");
            return new Verdict(MessageKind.CHALLENGE_RESPONSE, evidence, DeliveryReport.empty());
        }
        List<String> autoEvidence = autoReplyEvidence(m);
        if (!autoEvidence.isEmpty()) {
            evidence.addAll(autoEvidence);
            return new Verdict(MessageKind.AUTO_REPLY, evidence, DeliveryReport.empty());
        }
        return new Verdict(MessageKind.REGULAR, evidence, DeliveryReport.empty());
    }

    /**
     * A challenge asks the sender to confirm: the request wording in the body, plus a sign that a
     * program sent it (a challenge system's own header, a challenge subject, a null or daemon
     * sender, Auto-Submitted). Headers that such systems add to all their users' mail (TMDA's
     * X-Delivery-Agent) are no sign on their own.
     */
    private static boolean isChallenge(MessageAnalysis m) {
        if (!m.bodyFindings.has(Cue.CHALLENGE)) {
            return false;
        }
        boolean header = m.headers.hasNameStartingWith("x-bluebottle-request") || m.headers.hasNameStartingWith("x-boxbe")
            || m.headers.hasNameStartingWith("x-challenge") || m.headers.hasNameStartingWith("x-tmda-confirm");
        boolean subject = m.subjectFindings.has(Cue.CHALLENGE);
        return header || (subject && !m.replySubject) || m.sender.any() || AutoSubmitted.isAutomatic(m.autoSubmitted);
    }

    private static List<String> autoReplyEvidence(MessageAnalysis m) {
        List<String> found = new ArrayList<>();
        if (AutoSubmitted.AUTO_REPLIED.equals(m.autoSubmitted)) {
            found.add("auto-submitted=auto-replied");
        }
        if (m.headers.has("x-autoreply") || m.headers.has("x-autorespond") || m.headers.has("x-autoresponder")) {
            found.add("header:X-Autoreply");
        }
        if (m.precedence.equals("auto_reply")) {
            found.add("precedence=auto_reply");
        }
        if (m.subjectFindings.has(Cue.AUTO_REPLY)) {
            // Mailing lists also set Precedence: bulk, and a reply quoting such a subject is a person.
            boolean bulk = !m.listMail && (m.precedence.equals("bulk") || m.precedence.equals("junk"));
            boolean automatic = m.sender.any() || AutoSubmitted.isAutomatic(m.autoSubmitted) || bulk
                || (m.bodyFindings.has(Cue.AUTO_REPLY) && !m.listMail)
                || containsIgnoreCase(m.headers.first("x-auto-response-suppress"), "all");
            if (!found.isEmpty() || (automatic && !m.replySubject)) {
                found.add("subject-pattern:auto-reply");
            }
        }
        if (found.isEmpty() && m.bodyFindings.has(Cue.AUTO_REPLY) && m.sender.isNull()) {
            found.add("auto-reply-text");
        }
        return found;
    }

    private static boolean containsIgnoreCase(String value, String lowerNeedle) {
        return value != null && value.toLowerCase(java.util.Locale.ROOT).contains(lowerNeedle);
    }
}
