package io.github.backscatterguard.ndr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the fields of an RFC 3464 {@code message/delivery-status} body: the per-message fields
 * (Reporting-MTA) and one group of per-recipient fields (Final-Recipient, Action, Status,
 * Diagnostic-Code, ...) per recipient. Tolerant of missing blank lines between groups, folded
 * values and unknown fields; bounded to {@link #MAX_RECIPIENTS} recipients.
 */
final class DeliveryStatusFields {
    static final int MAX_RECIPIENTS = 100;

    final List<RecipientStatus> recipients = new ArrayList<>();
    String reportingMta;

    private DeliveryStatusFields() {
    }

    static DeliveryStatusFields parse(String text) {
        DeliveryStatusFields result = new DeliveryStatusFields();
        RecipientStatus current = null;
        boolean blankSinceCurrent = false;
        String name = null;
        StringBuilder value = new StringBuilder();
        int pos = 0;
        int length = text.length();
        while (pos <= length) {
            int lineEnd = text.indexOf('\n', pos);
            if (lineEnd < 0) {
                lineEnd = length;
            }
            boolean continuation = lineEnd > pos && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t');
            if (continuation && name != null) {
                if (value.length() < 1024) {
                    value.append(' ').append(text.substring(pos, Math.min(lineEnd, pos + 1024)).trim());
                }
            } else {
                if (name != null) {
                    current = result.apply(name, value.toString().trim(), current, blankSinceCurrent);
                    if (current != null && isRecipientField(name)) {
                        blankSinceCurrent = false;
                    }
                    name = null;
                }
                if (isBlank(text, pos, lineEnd)) {
                    blankSinceCurrent = true;
                } else {
                    int colon = text.indexOf(':', pos);
                    if (colon > pos && colon < lineEnd && colon - pos < 40) {
                        name = text.substring(pos, colon).trim().toLowerCase(Locale.ROOT);
                        value.setLength(0);
                        value.append(text, colon + 1, Math.min(lineEnd, colon + 1 + 1024));
                    }
                }
            }
            if (result.recipients.size() >= MAX_RECIPIENTS) {
                break;
            }
            pos = lineEnd + 1;
        }
        if (name != null) {
            result.apply(name, value.toString().trim(), current, blankSinceCurrent);
        }
        result.recipients.removeIf(RecipientStatus::isEmpty);
        return result;
    }

    private static boolean isBlank(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private static boolean isRecipientField(String name) {
        switch (name) {
            case "final-recipient":
            case "original-recipient":
            case "action":
            case "status":
            case "diagnostic-code":
            case "remote-mta":
                return true;
            default:
                return false;
        }
    }

    private RecipientStatus apply(String name, String value, RecipientStatus current, boolean blankSinceCurrent) {
        if (name.equals("reporting-mta")) {
            if (reportingMta == null) {
                reportingMta = stripType(value);
            }
            return current;
        }
        if (!isRecipientField(name)) {
            return current;
        }
        boolean startNew = current == null || blankSinceCurrent
            || (name.equals("final-recipient") && current.finalRecipient != null)
            || (name.equals("original-recipient") && (current.originalRecipient != null || current.finalRecipient != null))
            || (name.equals("action") && current.action != null)
            || (name.equals("status") && current.status != null);
        RecipientStatus target = current;
        if (startNew) {
            target = new RecipientStatus();
            recipients.add(target);
        }
        switch (name) {
            case "final-recipient":
                target.finalRecipient = address(value);
                break;
            case "original-recipient":
                target.originalRecipient = address(value);
                break;
            case "action":
                target.action = firstWord(value);
                break;
            case "status":
                target.status = StatusCodes.first(value);
                break;
            case "diagnostic-code":
                target.diagnosticCode = stripType(value);
                break;
            default:
                target.remoteMta = stripType(value);
                break;
        }
        return target;
    }

    /** "rfc822; <a@b>" gives "a@b". */
    static String address(String value) {
        String address = stripType(value);
        if (address == null) {
            return null;
        }
        int open = address.indexOf('<');
        int close = address.indexOf('>', open + 1);
        if (open >= 0 && close > open) {
            address = address.substring(open + 1, close);
        }
        address = address.trim();
        return address.isEmpty() ? null : address;
    }

    /** "dns; mx.example.org" gives "mx.example.org"; "smtp; 550 ..." gives "550 ...". */
    static String stripType(String value) {
        int semicolon = value.indexOf(';');
        String stripped = semicolon >= 0 && semicolon < 20 ? value.substring(semicolon + 1) : value;
        stripped = stripped.trim();
        return stripped.isEmpty() ? null : stripped;
    }

    private static String firstWord(String value) {
        String trimmed = value.trim().toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) {
            end++;
        }
        return end == 0 ? null : trimmed.substring(0, end);
    }
}
