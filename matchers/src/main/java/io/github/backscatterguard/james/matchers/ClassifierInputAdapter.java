package io.github.backscatterguard.james.matchers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;

import io.github.backscatterguard.ndr.EnvelopeSender;
import io.github.backscatterguard.ndr.NdrClassifier;

/**
 * Turns a James {@link Mail} into the two inputs of the {@link NdrClassifier}: the envelope sender
 * and a stream of the raw message. The classifier reads only a bounded prefix of that stream, so the
 * stream must not make James load a big message into memory first:
 * <ul>
 *   <li>James's own {@link MimeMessageWrapper} (what every {@code MailImpl} holds) is read through
 *   {@link MimeMessageWrapper#getMessageInputStream()}: the original bytes straight from the message
 *   source, or the in-memory headers followed by the body from the source when a mailet changed
 *   headers. Its {@code getRawInputStream()} is not used: once headers were changed it parses the
 *   whole message.</li>
 *   <li>Any other {@link MimeMessage} (and a wrapper whose body was replaced) gives its header lines,
 *   an empty line and {@link MimeMessage#getRawInputStream()}, which is the content it already
 *   holds.</li>
 *   <li>A message built in memory and never written has no raw content at all; it is then written
 *   out, keeping only the first {@code prefixLimitBytes}.</li>
 * </ul>
 * The caller closes the stream.
 */
public final class ClassifierInputAdapter {
    private static final byte[] CRLF = {'\r', '\n'};

    private final int prefixLimitBytes;

    /**
     * @param prefixLimitBytes how much of a message built in memory is kept for the classifier; use
     *                         the classifier's own prefix limit
     */
    public ClassifierInputAdapter(int prefixLimitBytes) {
        if (prefixLimitBytes < 1) {
            throw new IllegalArgumentException("prefixLimitBytes must be positive, was " + prefixLimitBytes);
        }
        this.prefixLimitBytes = prefixLimitBytes;
    }

    /**
     * The SMTP envelope sender. James models {@code MAIL FROM:<>} and a mail created without a sender
     * alike, as {@link MaybeSender#nullSender()}; both become {@link EnvelopeSender#nullSender()}.
     * Only a Mail that reports no {@code MaybeSender} at all gives {@link EnvelopeSender#unknown()}.
     */
    public static EnvelopeSender envelopeSender(Mail mail) {
        MaybeSender sender = mail.getMaybeSender();
        if (sender == null) {
            return EnvelopeSender.unknown();
        }
        if (sender.isNullSender()) {
            return EnvelopeSender.nullSender();
        }
        return EnvelopeSender.of(sender.get().asString());
    }

    /** The raw message, headers and body, as described in the class comment. */
    public InputStream rawMessage(MimeMessage message) throws MessagingException, IOException {
        if (message instanceof MimeMessageWrapper) {
            MimeMessageWrapper wrapper = (MimeMessageWrapper) message;
            // Without a source (a copy made in memory) the wrapper would serialise the whole message.
            if (!wrapper.isBodyModified() && wrapper.getSourceId() != null) {
                return wrapper.getMessageInputStream();
            }
        }
        InputStream body;
        try {
            body = message.getRawInputStream();
        } catch (MessagingException noRawContent) {
            // javax.mail says "No MimeMessage content" for a message whose content is only objects.
            return writtenPrefix(message);
        }
        return new SequenceInputStream(new ByteArrayInputStream(headerSection(message)), body);
    }

    private static byte[] headerSection(MimeMessage message) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Enumeration<String> lines = message.getAllHeaderLines();
        while (lines.hasMoreElements()) {
            // Folded headers keep their inner CRLFs in the line: the bytes are those of the message.
            out.writeBytes(lines.nextElement().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(CRLF);
        }
        out.writeBytes(CRLF);
        return out.toByteArray();
    }

    private InputStream writtenPrefix(MimeMessage message) throws MessagingException, IOException {
        PrefixOutputStream prefix = new PrefixOutputStream(prefixLimitBytes);
        message.writeTo(prefix);
        return new ByteArrayInputStream(prefix.bytes());
    }

    /** Keeps the first bytes written and drops the rest (javax.mail may wrap an exception thrown to stop it). */
    private static final class PrefixOutputStream extends OutputStream {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final int limit;

        PrefixOutputStream(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) {
            if (kept.size() < limit) {
                kept.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int room = limit - kept.size();
            if (room > 0) {
                kept.write(b, off, Math.min(len, room));
            }
        }

        byte[] bytes() {
            return kept.toByteArray();
        }
    }
}
