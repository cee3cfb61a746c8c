package io.github.backscatterguard.ndr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the {@link DeliveryReport} of a bounce: from the RFC 3464 fields when there are some,
 * else from what the MTA's text gives (X-Failed-Recipients, addresses and the status line of the
 * explanation before the returned message).
 */
final class ReportExtractor {
    private static final int MAX_RECIPIENTS = 20;
    private static final int MAX_DIAGNOSTIC = 300;

    private ReportExtractor() {
    }

    static DeliveryReport extract(MessageAnalysis m, MessageKind kind) {
        Set<String> recipients = new LinkedHashSet<>();
        List<String> codes = new ArrayList<>();
        String reportingMta = null;
        String diagnostic = null;
        List<DeliveryStatusFields> reports = new ArrayList<>(m.deliveryStatus);
        if (m.inlineStatus != null) {
            reports.add(m.inlineStatus);
        }
        for (DeliveryStatusFields report : reports) {
            if (reportingMta == null) {
                reportingMta = report.reportingMta;
            }
            for (RecipientStatus r : report.recipients) {
                boolean relevant = r.action == null || r.action.equals("failed") || r.action.equals("delayed")
                    || kind == MessageKind.SUCCESS_DSN;
                if (!relevant) {
                    continue;
                }
                if (r.recipient() != null && recipients.size() < MAX_RECIPIENTS) {
                    recipients.add(r.recipient());
                }
                if (r.status != null && !codes.contains(r.status)) {
                    codes.add(r.status);
                }
                if (diagnostic == null && r.diagnosticCode != null) {
                    diagnostic = r.diagnosticCode;
                }
            }
        }
        String failedHeader = m.headers.first("x-failed-recipients");
        if (failedHeader != null) {
            for (String address : failedHeader.split(",")) {
                String a = address.trim();
                if (!a.isEmpty() && recipients.size() < MAX_RECIPIENTS) {
                    recipients.add(stripAngles(a));
                }
            }
        }
        String explanation = explanation(m.primaryText);
        if (codes.isEmpty()) {
            String code = StatusCodes.next(explanation, 0, explanation.length(), true);
            if (code != null) {
                codes.add(code);
                if (diagnostic == null) {
                    diagnostic = lineAround(explanation, explanation.indexOf(code));
                }
            }
        }
        if (recipients.isEmpty()) {
            addressesIn(explanation, m, recipients);
        }
        if (diagnostic != null && diagnostic.length() > MAX_DIAGNOSTIC) {
            diagnostic = diagnostic.substring(0, MAX_DIAGNOSTIC);
        }
        return new DeliveryReport(new ArrayList<>(recipients), codes, reportingMta, diagnostic);
    }

    /** The MTA's own words: the first text part up to the headers of the returned message. */
    private static String explanation(String text) {
        int end = text.length();
        for (String marker : new String[] {"\nReceived: ", "\nReturn-Path:", "\nMessage-ID:", "\nMessage-Id:"}) {
            int at = text.indexOf(marker);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return text.substring(0, Math.min(end, 4096));
    }

    private static String lineAround(String text, int at) {
        int start = text.lastIndexOf('\n', at) + 1;
        int end = text.indexOf('\n', at);
        return text.substring(start, end < 0 ? text.length() : end).trim();
    }

    private static void addressesIn(String text, MessageAnalysis m, Set<String> out) {
        String own = ((m.headers.first("to") == null ? "" : m.headers.first("to")) + " "
            + (m.headers.first("from") == null ? "" : m.headers.first("from"))).toLowerCase(Locale.ROOT);
        int at = text.indexOf('@');
        while (at > 0 && out.size() < MAX_RECIPIENTS) {
            int start = at;
            while (start > 0 && isAddressChar(text.charAt(start - 1))) {
                start--;
            }
            int end = at + 1;
            while (end < text.length() && isAddressChar(text.charAt(end))) {
                end++;
            }
            while (end > at + 1 && text.charAt(end - 1) == '.') {
                end--;
            }
            if (start < at && end > at + 1 && text.indexOf('.', at) > at && text.indexOf('.', at) < end) {
                String address = text.substring(start, end);
                String lower = address.toLowerCase(Locale.ROOT);
                if (!own.contains(lower) && !SenderSignals.isDaemon(lower)) {
                    out.add(address);
                }
            }
            at = text.indexOf('@', end);
        }
    }

    private static boolean isAddressChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '-' || c == '_' || c == '+' || c == '=';
    }

    private static String stripAngles(String address) {
        String a = address;
        if (a.startsWith("<") && a.endsWith(">")) {
            a = a.substring(1, a.length() - 1);
        }
        return a;
    }
}
