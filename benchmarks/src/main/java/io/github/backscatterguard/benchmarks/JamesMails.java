package io.github.backscatterguard.benchmarks;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.mail.MessagingException;

import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.base.test.FakeMail;

/**
 * Corpus messages as James hands them to a matcher or mailet: a mail whose message is James's
 * {@link MimeMessageWrapper} over the received bytes (not parsed until someone asks). The envelope
 * sender is {@code <>} when the message's own {@code Return-Path} is {@code <>} (what the receiving
 * server recorded), an ordinary address otherwise.
 */
final class JamesMails {
    static final String ORDINARY_SENDER = "sender@example.com";
    static final String RECIPIENT = "recipient@example.org";
    private static final int HEADER_SCAN_BYTES = 16 * 1024;

    private final List<MimeMessageInputStreamSource> sources = new ArrayList<>();
    private int created;
    private MimeMessageInputStreamSource lastOneUse;

    /** A new mail over {@code raw}, as James builds one for each received message. */
    FakeMail mail(byte[] raw) throws MessagingException {
        MimeMessageInputStreamSource source = MimeMessageInputStreamSource.create("bench-" + (++created), new ByteArrayInputStream(raw));
        sources.add(source);
        return FakeMail.builder()
            .name("bench-" + created)
            .sender(envelopeSender(raw))
            .recipient(RECIPIENT)
            .mimeMessage(new MimeMessageWrapper(source))
            .state("root")
            .build();
    }

    /**
     * A new mail over {@code raw} for one use: the source of the previous one-use mail is disposed
     * first (as James disposes a mail once processed), so a long run does not pile up messages.
     */
    FakeMail oneUseMail(byte[] raw) throws MessagingException {
        if (lastOneUse != null) {
            lastOneUse.dispose();
        }
        MimeMessageInputStreamSource source = MimeMessageInputStreamSource.create("bench-" + (++created), new ByteArrayInputStream(raw));
        lastOneUse = source;
        return FakeMail.builder()
            .name("bench-" + created)
            .sender(envelopeSender(raw))
            .recipient(RECIPIENT)
            .mimeMessage(new MimeMessageWrapper(source))
            .state("root")
            .build();
    }

    /** Forgets the sources of the mails made so far (temporary files of big messages included). */
    void disposeAll() {
        sources.forEach(MimeMessageInputStreamSource::dispose);
        sources.clear();
        if (lastOneUse != null) {
            lastOneUse.dispose();
            lastOneUse = null;
        }
    }

    static MaybeSender envelopeSender(byte[] raw) {
        String head = new String(raw, 0, Math.min(raw.length, HEADER_SCAN_BYTES), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        boolean nullReturnPath = head.startsWith("return-path: <>") || head.contains("\nreturn-path: <>");
        return nullReturnPath ? MaybeSender.nullSender() : MaybeSender.getMailSender(ORDINARY_SENDER);
    }
}
