package io.github.backscatterguard.ndr.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks the MIME structure of a message text, bounded: at most {@link #MAX_PARTS} parts and
 * {@link #MAX_DEPTH} levels of multipart nesting are visited, a missing closing boundary ends the
 * part at the end of the text, and each multipart level scans only its own range. Hostile input
 * (10,000 parts, nesting 1,000 deep, absurd boundaries) therefore costs at most a few linear scans.
 */
public final class MimeWalker {
    public static final int MAX_PARTS = 64;
    public static final int MAX_DEPTH = 8;
    private static final int MAX_BOUNDARY_LENGTH = 200;

    private MimeWalker() {
    }

    /** The message itself (first) and its parts in document order. */
    public static List<MimePart> walk(String text, HeaderSection topHeaders) {
        List<MimePart> parts = new ArrayList<>();
        ContentType type = ContentType.parse(topHeaders.first("content-type"), ContentType.TEXT_PLAIN);
        addPart(text, topHeaders, type, topHeaders.bodyStart(), text.length(), 0, parts);
        return parts;
    }

    private static void addPart(String text, HeaderSection headers, ContentType type, int bodyStart, int bodyEnd,
                                int depth, List<MimePart> parts) {
        if (parts.size() >= MAX_PARTS) {
            return;
        }
        parts.add(new MimePart(headers, type, bodyStart, bodyEnd, depth));
        String boundary = type.parameter("boundary");
        if (type.isMultipart() && boundary != null && !boundary.isEmpty()
            && boundary.length() <= MAX_BOUNDARY_LENGTH && depth < MAX_DEPTH) {
            walkMultipart(text, bodyStart, bodyEnd, boundary, type.is("multipart/digest"), depth, parts);
        }
    }

    private static void walkMultipart(String text, int start, int end, String boundary, boolean digest,
                                      int depth, List<MimePart> parts) {
        String delimiter = "--" + boundary;
        int delimiterLine = findDelimiter(text, start, end, delimiter);
        while (delimiterLine >= 0 && parts.size() < MAX_PARTS) {
            int afterDelimiter = delimiterLine + delimiter.length();
            if (text.startsWith("--", afterDelimiter)) {
                return; // close delimiter
            }
            int lineEnd = text.indexOf('\n', afterDelimiter);
            if (lineEnd < 0 || lineEnd >= end) {
                return;
            }
            int partStart = lineEnd + 1;
            int next = findDelimiter(text, partStart, end, delimiter);
            int partEnd = next < 0 ? end : Math.max(partStart, next - 1);
            HeaderSection headers = HeaderSection.parse(text, partStart, partEnd);
            ContentType fallback = digest ? ContentType.MESSAGE_RFC822 : ContentType.TEXT_PLAIN;
            ContentType type = ContentType.parse(headers.first("content-type"), fallback);
            addPart(text, headers, type, Math.min(headers.bodyStart(), partEnd), partEnd, depth + 1, parts);
            delimiterLine = next;
        }
    }

    /** The start of the next line in [from, end) that is {@code delimiter}, possibly closed, or -1. */
    private static int findDelimiter(String text, int from, int end, String delimiter) {
        int candidate = text.indexOf(delimiter, from);
        while (candidate >= 0 && candidate + delimiter.length() <= end) {
            boolean atLineStart = candidate == from || text.charAt(candidate - 1) == '\n';
            if (atLineStart && endsDelimiterLine(text, candidate + delimiter.length(), end)) {
                return candidate;
            }
            int nextLine = text.indexOf('\n', candidate);
            if (nextLine < 0) {
                return -1;
            }
            candidate = text.indexOf(delimiter, nextLine + 1);
        }
        return -1;
    }

    /** After the boundary only "--", blanks, or the end of the line may follow (RFC 2046). */
    private static boolean endsDelimiterLine(String text, int pos, int end) {
        if (pos >= end || text.startsWith("--", pos)) {
            return true;
        }
        for (int i = pos; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                return true;
            }
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }
}
