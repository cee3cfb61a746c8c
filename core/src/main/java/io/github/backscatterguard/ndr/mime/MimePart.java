package io.github.backscatterguard.ndr.mime;

/**
 * One entity of the MIME tree: its header section, content type and where its body lies in the
 * message text. Parts of an attached message (message/rfc822) are not walked: an attached message
 * is one leaf, so a bounce quoted inside a forwarded mail is not taken for the mail itself.
 */
public final class MimePart {
    private final HeaderSection headers;
    private final ContentType contentType;
    private final int bodyStart;
    private final int bodyEnd;
    private final int depth;

    MimePart(HeaderSection headers, ContentType contentType, int bodyStart, int bodyEnd, int depth) {
        this.headers = headers;
        this.contentType = contentType;
        this.bodyStart = bodyStart;
        this.bodyEnd = bodyEnd;
        this.depth = depth;
    }

    public HeaderSection headers() {
        return headers;
    }

    public ContentType contentType() {
        return contentType;
    }

    /** The start of the body in the message text (inclusive). */
    public int bodyStart() {
        return bodyStart;
    }

    /** The end of the body in the message text (exclusive). */
    public int bodyEnd() {
        return bodyEnd;
    }

    /** 0 for the message itself, 1 for its parts, and so on. */
    public int depth() {
        return depth;
    }

    public String transferEncoding() {
        return headers.first("content-transfer-encoding");
    }

    /** The body decoded from its transfer encoding, at most {@code maxBytes}, as ISO-8859-1 chars. */
    public String decodedBody(String text, int maxBytes) {
        return TransferDecoding.decodeToLatin1(text, bodyStart, bodyEnd, transferEncoding(), maxBytes);
    }

    public boolean isAttachment() {
        String disposition = headers.first("content-disposition");
        return disposition != null && disposition.regionMatches(true, 0, "attachment", 0, 10);
    }

    @Override
    public String toString() {
        return "MimePart{" + contentType.mediaType() + ", depth=" + depth + ", body=" + bodyStart + ".." + bodyEnd + '}';
    }
}
