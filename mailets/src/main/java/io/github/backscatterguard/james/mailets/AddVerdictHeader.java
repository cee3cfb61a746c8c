package io.github.backscatterguard.james.mailets;

import java.util.Optional;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.backscatterguard.james.matchers.RecordedVerdict;
import io.github.backscatterguard.james.matchers.VerdictAttributes;

/**
 * Observe mode: writes the verdict a matcher recorded on the mail into a header, so an administrator
 * can see in delivered mail what the blocking rules would catch before turning any of them on.
 * <pre><code>
 * &lt;mailet match="io.github.backscatterguard.james.matchers.IsNdr=ndr,delay"
 *         class="io.github.backscatterguard.james.mailets.AddVerdictHeader"/&gt;
 *
 * &lt;!-- with another header name --&gt;
 * &lt;mailet match="io.github.backscatterguard.james.matchers.IsNdr=ndr,delay"
 *         class="io.github.backscatterguard.james.mailets.AddVerdictHeader"&gt;
 *     &lt;name&gt;X-Bounce-Verdict&lt;/name&gt;
 * &lt;/mailet&gt;
 * </code></pre>
 * The header reads {@code X-Backscatter-Guard: <kind>; evidence=<evidence>}, e.g.
 * {@code X-Backscatter-Guard: ndr; evidence=null-sender,multipart/report;report-type=delivery-status,action=failed}.
 * It replaces any header of that name already in the message, so a sender cannot plant one.
 * <p>
 * Parameter {@code name} (optional, default {@code X-Backscatter-Guard}): the header field name,
 * printable US-ASCII without spaces or colon (RFC 5322 field-name).
 * <p>
 * The mailet does not classify: it reads the Mail attributes of {@link VerdictAttributes}, written by
 * {@code IsNdr}. Behind a matcher that records no verdict it logs a warning for each mail and leaves
 * the mail unchanged. It never fails a mail: any error is logged in one line and the mail goes on.
 */
public class AddVerdictHeader extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(AddVerdictHeader.class);
    static final String NAME_PARAMETER = "name";
    static final String DEFAULT_HEADER_NAME = "X-Backscatter-Guard";
    /** Keeps the header line within RFC 5322's 998 characters even for a huge hand-set evidence value. */
    private static final int MAX_VALUE_LENGTH = 900;

    private String headerName;

    @Override
    public void init() throws MessagingException {
        try {
            checkInitParameters(Set.of(NAME_PARAMETER));
        } catch (MessagingException e) {
            throw new MessagingException("AddVerdictHeader: " + e.getMessage() + "; accepted parameter: " + NAME_PARAMETER, e);
        }
        headerName = validHeaderName(getInitParameter(NAME_PARAMETER, DEFAULT_HEADER_NAME).trim());
    }

    private static String validHeaderName(String name) throws MessagingException {
        boolean legal = !name.isEmpty() && name.chars().allMatch(c -> c >= 33 && c <= 126 && c != ':');
        if (!legal) {
            throw new MessagingException("AddVerdictHeader: parameter '" + NAME_PARAMETER + "' has illegal header name '"
                + name + "'; accepted: a non-empty RFC 5322 field name of printable US-ASCII without spaces or ':'"
                + " (default " + DEFAULT_HEADER_NAME + ")");
        }
        return name;
    }

    @Override
    public void service(Mail mail) {
        try {
            Optional<RecordedVerdict> verdict = VerdictAttributes.read(mail);
            if (verdict.isEmpty()) {
                LOGGER.warn("AddVerdictHeader: mail {} carries no verdict attribute {}, so no {} header was added;"
                        + " use this mailet behind match=\"io.github.backscatterguard.james.matchers.IsNdr=...\"",
                    mail.getName(), VerdictAttributes.KIND.asString(), headerName);
                return;
            }
            MimeMessage message = mail.getMessage();
            message.setHeader(headerName, headerValue(verdict.get()));
            message.saveChanges();
        } catch (Exception e) {
            // saveChanges() can fail on a malformed Content-Type after the header was already set,
            // so the header may or may not be there: say only what failed.
            LOGGER.warn("AddVerdictHeader: adding header {} to mail {} failed ({}); the mail goes on",
                headerName, mail.getName(), e.toString());
        }
    }

    static String headerValue(RecordedVerdict verdict) {
        String value = verdict.kind().code() + "; evidence=" + printableAscii(verdict.evidenceText());
        return value.length() <= MAX_VALUE_LENGTH ? value : value.substring(0, MAX_VALUE_LENGTH - 3) + "...";
    }

    /** Evidence written by hand into the attribute must not break the header (CR/LF) or need encoding. */
    private static String printableAscii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> out.append(c >= 32 && c <= 126 ? (char) c : '?'));
        return out.toString();
    }

    @Override
    public String getMailetInfo() {
        return "AddVerdictHeader: writes the recorded backscatter verdict into header "
            + (headerName == null ? DEFAULT_HEADER_NAME : headerName) + " (observe mode)";
    }
}
