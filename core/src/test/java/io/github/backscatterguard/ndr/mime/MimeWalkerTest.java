package io.github.backscatterguard.ndr.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MimeWalkerTest {
    private static List<MimePart> walk(String text) {
        return MimeWalker.walk(text, HeaderSection.parse(text, 0, text.length()));
    }

    private static List<String> types(List<MimePart> parts) {
        return parts.stream().map(p -> p.contentType().mediaType()).collect(Collectors.toList());
    }

    @Test
    void walksNestedMultipartsAndStopsAtAttachedMessages() {
        String text = "Content-Type: multipart/mixed; boundary=outer\n\npreamble\n--outer\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=inner\n\n"
            + "--inner\nContent-Type: text/plain\n\nexplanation\n--inner\nContent-Type: message/delivery-status\n\n"
            + "Action: failed\n--inner\nContent-Type: message/rfc822\n\n"
            + "Content-Type: multipart/mixed; boundary=orig\n\n--orig\n\nnot walked\n--orig--\n--inner--\n"
            + "--outer--\nepilogue\n";
        List<MimePart> parts = walk(text);
        assertThat(types(parts)).containsExactly("multipart/mixed", "multipart/report", "text/plain",
            "message/delivery-status", "message/rfc822");
        MimePart plain = parts.get(2);
        assertThat(text.substring(plain.bodyStart(), plain.bodyEnd())).isEqualTo("explanation");
    }

    @Test
    void missingClosingBoundaryEndsThePartAtTheEnd() {
        String text = "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nfirst\n--b\nContent-Type: text/html\n\nsecond, never closed";
        List<MimePart> parts = walk(text);
        assertThat(types(parts)).containsExactly("multipart/mixed", "text/plain", "text/html");
        assertThat(text.substring(parts.get(2).bodyStart(), parts.get(2).bodyEnd())).isEqualTo("second, never closed");
    }

    @Test
    void boundaryThatIsAPrefixOfALongerLineIsNotADelimiter() {
        String text = "Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--bb not a delimiter\n--b--\n";
        List<MimePart> parts = walk(text);
        assertThat(parts).hasSize(2);
        assertThat(text.substring(parts.get(1).bodyStart(), parts.get(1).bodyEnd())).contains("--bb not a delimiter");
    }

    @Test
    void tenThousandPartsAreCappedAndThousandLevelsDeepAreCut() {
        StringBuilder wide = new StringBuilder("Content-Type: multipart/mixed; boundary=w\n\n");
        for (int i = 0; i < 10_000; i++) {
            wide.append("--w\n\npart ").append(i).append('\n');
        }
        assertThat(walk(wide.toString())).hasSize(MimeWalker.MAX_PARTS);

        StringBuilder deep = new StringBuilder("Content-Type: multipart/mixed; boundary=d0\n\n");
        for (int i = 1; i <= 1_000; i++) {
            deep.append("--d").append(i - 1).append("\nContent-Type: multipart/mixed; boundary=d").append(i).append("\n\n");
        }
        List<MimePart> parts = walk(deep.toString());
        assertThat(parts.stream().mapToInt(MimePart::depth).max().orElse(0)).isEqualTo(MimeWalker.MAX_DEPTH);
    }
}
