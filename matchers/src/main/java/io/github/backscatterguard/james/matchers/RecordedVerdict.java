package io.github.backscatterguard.james.matchers;

import java.util.List;
import java.util.Objects;

import io.github.backscatterguard.ndr.MessageKind;

/**
 * A classifier verdict as recorded on a Mail by {@link VerdictAttributes}: what later matchers and
 * mailets of the same mail read instead of classifying again.
 */
public final class RecordedVerdict {
    private final MessageKind kind;
    private final String evidenceText;
    private final List<String> failedRecipients;

    public RecordedVerdict(MessageKind kind, String evidenceText, List<String> failedRecipients) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.evidenceText = Objects.requireNonNull(evidenceText, "evidenceText");
        this.failedRecipients = List.copyOf(failedRecipients);
    }

    public MessageKind kind() {
        return kind;
    }

    /** The evidence tokens, comma-joined as in {@code Verdict.evidenceText()}; empty when none was recorded. */
    public String evidenceText() {
        return evidenceText;
    }

    /** The recipients the delivery report says failed; empty when it names none. */
    public List<String> failedRecipients() {
        return failedRecipients;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RecordedVerdict)) {
            return false;
        }
        RecordedVerdict other = (RecordedVerdict) o;
        return kind == other.kind && evidenceText.equals(other.evidenceText)
            && failedRecipients.equals(other.failedRecipients);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, evidenceText, failedRecipients);
    }

    @Override
    public String toString() {
        return kind.code() + " [" + evidenceText + "] failedRecipients=" + failedRecipients;
    }
}
