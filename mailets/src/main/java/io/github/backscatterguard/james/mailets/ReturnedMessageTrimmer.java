package io.github.backscatterguard.james.mailets;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.mail.BodyPart;
import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.MimePart;
import javax.mail.internet.MimeUtility;

/**
 * Cuts the returned message out of a delivery report, as the sender's {@code RET=HDRS} (RFC 3461)
 * would have: a {@code message/rfc822} part becomes a {@code text/rfc822-headers} part holding
 * only the original's header block (RFC 6522), a {@code message/global} part (RFC 6533) a
 * {@code message/global-headers} part. Looked for among the parts of a top-level multipart (the
 * third part of a {@code multipart/report}) and one multipart level below, where real NDRs put it.
 * <p>
 * Works on a copy: the caller's message is never modified, so a failure half-way leaves nothing
 * behind. Everything else is kept as javax.mail allows: the other parts byte for byte, the
 * headers of the message and of the multiparts (including Message-ID and the boundaries), except
 * that javax.mail sets {@code MIME-Version: 1.0} and adds a missing {@code Date} or {@code Message-ID}
 * (as James's own saves do). What javax.mail does not
 * keep: empty lines inside a multipart's preamble, and its epilogue. A multipart without a boundary
 * parameter is refused (an exception), as javax.mail would write it with the boundary "null".
 */
final class ReturnedMessageTrimmer {
    /** Caps a header block; a real one is a few KB, and a hostile one must not be copied out whole. */
    static final int MAX_HEADER_BYTES = 256 * 1024;
    private static final Set<String> PART_HEADERS_NOT_COPIED =
        Set.of("content-type", "content-transfer-encoding", "content-length", "content-md5");

    private ReturnedMessageTrimmer() {
    }

    /**
     * A copy of {@code original} whose returned messages are reduced to their headers, or empty when
     * it carries no returned message (then nothing needs to change).
     */
    static Optional<MimeMessage> headersOnly(MimeMessage original) throws MessagingException, IOException {
        if (!original.isMimeType("multipart/*")) {
            return Optional.empty();
        }
        MimeMessage copy = new MessageIdKeepingMessage(original);
        Object content = copy.getContent();
        if (!(content instanceof MimeMultipart) || !replaceReturnedParts((MimeMultipart) content, true)) {
            return Optional.empty();
        }
        setContentKeepingHeaders(copy, (MimeMultipart) content);
        copy.saveChanges();
        return Optional.of(copy);
    }

    private static boolean replaceReturnedParts(MimeMultipart multipart, boolean mayDescend) throws MessagingException, IOException {
        boolean replaced = false;
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            Optional<String> headersType = headersTypeFor(part);
            if (headersType.isPresent()) {
                MimeBodyPart headers = headersPart(part, headersType.get());
                multipart.removeBodyPart(i);
                multipart.addBodyPart(headers, i);
                replaced = true;
            } else if (mayDescend && part.isMimeType("multipart/*") && part instanceof MimeBodyPart) {
                Object nested = part.getContent();
                if (nested instanceof MimeMultipart && replaceReturnedParts((MimeMultipart) nested, false)) {
                    setContentKeepingHeaders((MimeBodyPart) part, (MimeMultipart) nested);
                    replaced = true;
                }
            }
        }
        return replaced;
    }

    private static Optional<String> headersTypeFor(Part part) throws MessagingException {
        if (part.isMimeType("message/rfc822")) {
            return Optional.of("text/rfc822-headers");
        }
        if (part.isMimeType("message/global")) {
            return Optional.of("message/global-headers");
        }
        return Optional.empty();
    }

    /** A part with the returned message's header block, keeping the returned part's other headers (e.g. Content-Description). */
    private static MimeBodyPart headersPart(Part returned, String headersType) throws MessagingException, IOException {
        byte[] block;
        try (InputStream in = decodedContent(returned)) {
            block = headerBlock(in);
        }
        InternetHeaders headers = new InternetHeaders();
        for (Enumeration<Header> all = returned.getAllHeaders(); all.hasMoreElements(); ) {
            Header header = all.nextElement();
            if (!PART_HEADERS_NOT_COPIED.contains(header.getName().toLowerCase(Locale.ROOT))) {
                headers.addHeader(header.getName(), header.getValue());
            }
        }
        headers.setHeader("Content-Type", headersType);
        headers.setHeader("Content-Transfer-Encoding", isAscii(block) ? "7bit" : "8bit");
        return new MimeBodyPart(headers, block);
    }

    /**
     * javax.mail ignores a base64 or quoted-printable encoding on message/* parts (RFC 2046 forbids
     * it, RFC 6533 allows it for message/global, and some MTAs do it anyway), so decode here.
     */
    private static InputStream decodedContent(Part returned) throws MessagingException, IOException {
        if (!(returned instanceof MimeBodyPart)) {
            return returned.getInputStream();
        }
        MimeBodyPart part = (MimeBodyPart) returned;
        String encoding = part.getEncoding();
        return encoding == null ? part.getRawInputStream() : MimeUtility.decode(part.getRawInputStream(), encoding);
    }

    /**
     * The header lines up to the first empty line (or the end), each ended by CRLF, at most
     * {@link #MAX_HEADER_BYTES} (cut at a line end).
     */
    static byte[] headerBlock(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw);
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b != '\n') {
                if (line.size() > MAX_HEADER_BYTES) {
                    return block.toByteArray();
                }
                line.write(b);
                continue;
            }
            if (!appendLine(block, line)) {
                return block.toByteArray();
            }
            line.reset();
        }
        appendLine(block, line);
        return block.toByteArray();
    }

    /** False when the line ends the header block: it is empty, or it would pass the cap. */
    private static boolean appendLine(ByteArrayOutputStream block, ByteArrayOutputStream line) {
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        if (length == 0 || block.size() + length + 2 > MAX_HEADER_BYTES) {
            return false;
        }
        block.write(bytes, 0, length);
        block.write('\r');
        block.write('\n');
        return true;
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sets the edited multipart as content; javax.mail then drops the part's Content-Type and
     * Content-Transfer-Encoding, which are put back as they were (same boundary, same text).
     */
    private static void setContentKeepingHeaders(MimePart part, MimeMultipart content) throws MessagingException {
        String contentType = part.getHeader("Content-Type", null);
        if (contentType == null || new ContentType(contentType).getParameter("boundary") == null) {
            // javax.mail guesses a missing boundary when reading but writes "--null": refuse to make a broken message worse.
            throw new MessagingException("multipart without a boundary parameter (Content-Type: " + contentType + "), not rewritten");
        }
        String preamble = content.getPreamble();
        if (preamble != null && !preamble.isEmpty()) {
            // javax.mail reads the preamble's lines with the JVM's line separator and writes the first
            // boundary without the CRLF that RFC 2046 puts before every delimiter: put both right.
            content.setPreamble(preamble.replaceAll("\r?\n", "\r\n") + "\r\n");
        }
        String encoding = part.getHeader("Content-Transfer-Encoding", null);
        part.setContent(content);
        part.setHeader("Content-Type", contentType);
        if (encoding != null) {
            part.setHeader("Content-Transfer-Encoding", encoding);
        }
    }

    /** javax.mail gives a saved message a new Message-ID; the report must keep the one its MTA gave it (as James's own wrapper does). */
    private static final class MessageIdKeepingMessage extends MimeMessage {
        MessageIdKeepingMessage(MimeMessage source) throws MessagingException {
            super(source);
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            if (getHeader("Message-ID") == null) {
                super.updateMessageID();
            }
        }
    }
}
