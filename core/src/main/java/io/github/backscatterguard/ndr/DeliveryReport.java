package io.github.backscatterguard.ndr;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a delivery report says about the failed delivery, when the message carries one: read from
 * the RFC 3464 fields of a {@code message/delivery-status} part, or from an MTA's own text format.
 * Every field may be empty: many bounces say only part of it.
 */
public final class DeliveryReport {
    private static final DeliveryReport EMPTY = new DeliveryReport(List.of(), List.of(), null, null);

    private final List<String> failedRecipients;
    private final List<String> statusCodes;
    private final String reportingMta;
    private final String diagnostic;

    public DeliveryReport(List<String> failedRecipients, List<String> statusCodes, String reportingMta, String diagnostic) {
        this.failedRecipients = List.copyOf(failedRecipients);
        this.statusCodes = List.copyOf(statusCodes);
        this.reportingMta = reportingMta;
        this.diagnostic = diagnostic;
    }

    public static DeliveryReport empty() {
        return EMPTY;
    }

    /** The recipients whose delivery failed (or was delayed), as addresses without angle brackets. */
    public List<String> failedRecipients() {
        return failedRecipients;
    }

    /** The enhanced status codes (RFC 3463), such as {@code 5.1.1}, in the order found. */
    public List<String> statusCodes() {
        return statusCodes;
    }

    /** The MTA that produced the report ({@code Reporting-MTA}), without its type prefix. */
    public Optional<String> reportingMta() {
        return Optional.ofNullable(reportingMta);
    }

    /** The remote server's answer ({@code Diagnostic-Code}) or the MTA's own explanation. */
    public Optional<String> diagnostic() {
        return Optional.ofNullable(diagnostic);
    }

    public boolean isEmpty() {
        return failedRecipients.isEmpty() && statusCodes.isEmpty() && reportingMta == null && diagnostic == null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DeliveryReport)) {
            return false;
        }
        DeliveryReport other = (DeliveryReport) o;
        return failedRecipients.equals(other.failedRecipients) && statusCodes.equals(other.statusCodes)
            && Objects.equals(reportingMta, other.reportingMta) && Objects.equals(diagnostic, other.diagnostic);
    }

    @Override
    public int hashCode() {
        return Objects.hash(failedRecipients, statusCodes, reportingMta, diagnostic);
    }

    @Override
    public String toString() {
        return "DeliveryReport{failedRecipients=" + failedRecipients + ", statusCodes=" + statusCodes
            + ", reportingMta=" + reportingMta + ", diagnostic=" + diagnostic + '}';
    }
}
