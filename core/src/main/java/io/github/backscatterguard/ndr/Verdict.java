package io.github.backscatterguard.ndr;

import java.util.List;
import java.util.Objects;

/**
 * The classifier's answer: what the message is, the evidence that led there (short tokens such as
 * {@code null-sender}, {@code multipart/report;report-type=delivery-status}, {@code action=failed},
 * {@code status=5.1.1}, {@code header:X-Failed-Recipients}, {@code subject-pattern}) and what the
 * delivery report says, when there is one.
 */
public final class Verdict {
    private final MessageKind kind;
    private final List<String> evidence;
    private final DeliveryReport report;

    public Verdict(MessageKind kind, List<String> evidence, DeliveryReport report) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.evidence = List.copyOf(evidence);
        this.report = Objects.requireNonNull(report, "report");
    }

    public MessageKind kind() {
        return kind;
    }

    public List<String> evidence() {
        return evidence;
    }

    public DeliveryReport report() {
        return report;
    }

    /** The evidence as one comma-separated string, the form used in the CLI and Mail attributes. */
    public String evidenceText() {
        return String.join(",", evidence);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Verdict)) {
            return false;
        }
        Verdict other = (Verdict) o;
        return kind == other.kind && evidence.equals(other.evidence) && report.equals(other.report);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, evidence, report);
    }

    @Override
    public String toString() {
        return kind.code() + " [" + evidenceText() + "]";
    }
}
