package io.github.backscatterguard.james.spf;

import io.github.backscatterguard.spf.SpfResult;
import java.util.Optional;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * The SPF result of a mail, recorded by {@code SpfResultIs} for the mailets and matchers after it
 * (String values, so they survive James's queues and repositories):
 * <table>
 *   <caption>Attributes</caption>
 *   <tr><td>{@code io.github.backscatterguard.spf.result}</td><td>the RFC 7208 result, e.g. {@code fail}</td></tr>
 *   <tr><td>{@code io.github.backscatterguard.spf.domain}</td><td>the domain checked: the sender's, or the
 *       HELO name for the null sender; absent when there was none</td></tr>
 * </table>
 * James's own matchers can test them too, e.g.
 * {@code match="HasMailAttributeWithValue=io.github.backscatterguard.spf.result, fail"}.
 */
public final class SpfAttributes {
    public static final AttributeName RESULT = AttributeName.of("io.github.backscatterguard.spf.result");
    public static final AttributeName DOMAIN = AttributeName.of("io.github.backscatterguard.spf.domain");

    private SpfAttributes() {
    }

    public static void write(Mail mail, SpfResult result, Optional<String> domain) {
        mail.setAttribute(new Attribute(RESULT, AttributeValue.of(result.code())));
        domain.ifPresentOrElse(
            name -> mail.setAttribute(new Attribute(DOMAIN, AttributeValue.of(name))),
            () -> mail.removeAttribute(DOMAIN));
    }

    /** The result recorded before on this mail, when a readable one is there. */
    public static Optional<SpfResult> readResult(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, RESULT, String.class).flatMap(SpfResult::fromCode);
    }
}
