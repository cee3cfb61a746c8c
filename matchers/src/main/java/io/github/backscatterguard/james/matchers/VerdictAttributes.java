package io.github.backscatterguard.james.matchers;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import io.github.backscatterguard.ndr.MessageKind;
import io.github.backscatterguard.ndr.Verdict;

/**
 * The Mail attributes through which a matcher hands its classifier verdict to the matchers and
 * mailets that run after it on the same mail, so that a mail is classified once. All values are
 * {@code String}s ({@code AttributeValue.of(String)}), so they survive James's mail queues and
 * repositories:
 * <table>
 *   <caption>Verdict attributes</caption>
 *   <tr><th>name</th><th>value</th><th>example</th></tr>
 *   <tr><td>{@code io.github.backscatterguard.kind}</td>
 *       <td>the {@link MessageKind#code()}; always written</td>
 *       <td>{@code ndr}</td></tr>
 *   <tr><td>{@code io.github.backscatterguard.evidence}</td>
 *       <td>{@link Verdict#evidenceText()}, the evidence tokens joined by commas (may be empty); always written</td>
 *       <td>{@code null-sender,multipart/report;report-type=delivery-status,action=failed,status=5.1.1}</td></tr>
 *   <tr><td>{@code io.github.backscatterguard.failedRecipients}</td>
 *       <td>the failed recipients of the delivery report, joined by commas; absent (removed) when there are none</td>
 *       <td>{@code alice@example.com,bob@example.org}</td></tr>
 * </table>
 * A verdict is present when the {@code kind} attribute holds a known code; a missing
 * {@code evidence} reads as empty. Anything else (no {@code kind}, a value that is not a String, an
 * unknown code) reads as no verdict, and a matcher then classifies the mail again.
 * <p>
 * In {@code mailetcontainer.xml} the kind can also be tested with James's own matchers, e.g.
 * {@code match="HasMailAttributeWithValue=io.github.backscatterguard.kind, ndr"}.
 */
public final class VerdictAttributes {
    public static final AttributeName KIND = AttributeName.of("io.github.backscatterguard.kind");
    public static final AttributeName EVIDENCE = AttributeName.of("io.github.backscatterguard.evidence");
    public static final AttributeName FAILED_RECIPIENTS = AttributeName.of("io.github.backscatterguard.failedRecipients");

    private static final String SEPARATOR = ",";

    private VerdictAttributes() {
    }

    /** Records {@code verdict} on {@code mail}, replacing any verdict recorded before; returns what was recorded. */
    public static RecordedVerdict write(Mail mail, Verdict verdict) {
        RecordedVerdict recorded = new RecordedVerdict(verdict.kind(), verdict.evidenceText(),
            verdict.report().failedRecipients());
        write(mail, recorded);
        return recorded;
    }

    /** Records {@code verdict} on {@code mail}, replacing any verdict recorded before. */
    public static void write(Mail mail, RecordedVerdict verdict) {
        mail.setAttribute(new Attribute(KIND, AttributeValue.of(verdict.kind().code())));
        mail.setAttribute(new Attribute(EVIDENCE, AttributeValue.of(verdict.evidenceText())));
        if (verdict.failedRecipients().isEmpty()) {
            // A stale list from an earlier verdict must not outlive it.
            mail.removeAttribute(FAILED_RECIPIENTS);
        } else {
            mail.setAttribute(new Attribute(FAILED_RECIPIENTS,
                AttributeValue.of(String.join(SEPARATOR, verdict.failedRecipients()))));
        }
    }

    /** The verdict recorded on {@code mail}, if a readable one is there. */
    public static Optional<RecordedVerdict> read(Mail mail) {
        return stringAttribute(mail, KIND)
            .flatMap(MessageKind::fromCode)
            .map(kind -> new RecordedVerdict(kind,
                stringAttribute(mail, EVIDENCE).orElse(""),
                stringAttribute(mail, FAILED_RECIPIENTS).map(VerdictAttributes::split).orElse(List.of())));
    }

    private static Optional<String> stringAttribute(Mail mail, AttributeName name) {
        return mail.getAttribute(name).flatMap(attribute -> attribute.getValue().valueAs(String.class));
    }

    private static List<String> split(String joined) {
        return Arrays.stream(joined.split(SEPARATOR))
            .map(String::trim)
            .filter(address -> !address.isEmpty())
            .collect(Collectors.toUnmodifiableList());
    }
}
