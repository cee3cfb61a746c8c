package io.github.backscatterguard.james.spf;

import io.github.backscatterguard.spf.SpfResult;
import java.util.Optional;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;

/**
 * An SPF result already stored on the mail, so it is not checked twice. Looked up in this order:
 * <ol>
 *   <li>{@code io.github.backscatterguard.spf.result}: an earlier {@code SpfResultIs};</li>
 *   <li>{@code org.apache.james.transport.mailets.spf.result}: James's {@code SPF} mailet (the result name);</li>
 *   <li>{@code org.apache.james.spf.header}: James's {@code SPFHandler} (SMTP), the Received-SPF text,
 *       whose first word is the result, e.g. {@code fail (spfCheck: domain of ...) client-ip=...}.</li>
 * </ol>
 * A value that is not a String or does not start with one of the seven RFC 7208 result names is ignored.
 */
public final class StoredSpfResult {
    /** {@code org.apache.james.transport.mailets.SPF.RESULT_ATTRIBUTE} in James 3.8.1. */
    public static final AttributeName JAMES_SPF_MAILET_RESULT = AttributeName.of("org.apache.james.transport.mailets.spf.result");
    /** {@code SPFHandler.SPF_HEADER_MAIL_ATTRIBUTE_NAME} in James 3.8.1 (private there). */
    public static final AttributeName JAMES_SPF_HANDLER_HEADER = AttributeName.of("org.apache.james.spf.header");

    /** Which component stored a result, for the log. */
    public enum Source {
        SPF_RESULT_IS("SpfResultIs"), JAMES_SPF_MAILET("James's SPF mailet"), JAMES_SPF_HANDLER("James's SPFHandler");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final SpfResult result;
    private final Source source;

    private StoredSpfResult(SpfResult result, Source source) {
        this.result = result;
        this.source = source;
    }

    public static Optional<StoredSpfResult> read(Mail mail) {
        Optional<SpfResult> ours = SpfAttributes.readResult(mail);
        if (ours.isPresent()) {
            return Optional.of(new StoredSpfResult(ours.get(), Source.SPF_RESULT_IS));
        }
        Optional<SpfResult> mailet = AttributeUtils.getValueAndCastFromMail(mail, JAMES_SPF_MAILET_RESULT, String.class).flatMap(SpfResult::fromCode);
        if (mailet.isPresent()) {
            return Optional.of(new StoredSpfResult(mailet.get(), Source.JAMES_SPF_MAILET));
        }
        return AttributeUtils.getValueAndCastFromMail(mail, JAMES_SPF_HANDLER_HEADER, String.class)
            .map(header -> header.trim().split("[\\s(;]", 2)[0])
            .flatMap(SpfResult::fromCode)
            .map(result -> new StoredSpfResult(result, Source.JAMES_SPF_HANDLER));
    }

    public SpfResult result() {
        return result;
    }

    public Source source() {
        return source;
    }
}
