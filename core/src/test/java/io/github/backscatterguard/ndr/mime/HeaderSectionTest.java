package io.github.backscatterguard.ndr.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderSectionTest {
    @Test
    void unfoldsContinuationLinesAndFindsTheBody() {
        String text = "Subject: one\n two\nContent-Type: multipart/report;\n\treport-type=delivery-status\n\nbody";
        HeaderSection headers = HeaderSection.parse(text, 0, text.length());
        assertThat(headers.first("subject")).isEqualTo("one two");
        assertThat(headers.first("content-type")).isEqualTo("multipart/report;\treport-type=delivery-status");
        assertThat(text.substring(headers.bodyStart())).isEqualTo("body");
    }

    @Test
    void namesAreCaseInsensitiveAndTheFirstValueWins() {
        String text = "RETURN-PATH: <>\nReturn-Path: <a@b.example>\n\n";
        assertThat(HeaderSection.parse(text, 0, text.length()).first("return-path")).isEqualTo("<>");
    }

    @Test
    void skipsAnMboxFromLineAndMalformedLines() {
        String text = "From MAILER-DAEMON Thu Apr 29 2010\nFrom: a@b.example\nthis is no header\nTo: c@d.example\n\nx";
        HeaderSection headers = HeaderSection.parse(text, 0, text.length());
        assertThat(headers.first("from")).isEqualTo("a@b.example");
        assertThat(headers.first("to")).isEqualTo("c@d.example");
    }

    @Test
    void aBodyWithoutHeadersHasNoFields() {
        String text = "Hello there,\nthis is just a body.\n";
        HeaderSection headers = HeaderSection.parse(text, 0, text.length());
        assertThat(headers.isEmpty()).isTrue();
        assertThat(headers.bodyStart()).isZero();
    }

    @Test
    void obsoleteBlankBeforeColonIsAccepted() {
        String text = "Subject : hi\n\n";
        assertThat(HeaderSection.parse(text, 0, text.length()).first("subject")).isEqualTo("hi");
    }

    @Test
    void hugeHeadersAreBounded() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            many.append("X-H").append(i).append(": v\n");
        }
        many.append("Subject: ").append("y".repeat(1_000_000)).append("\n\nbody");
        String text = many.toString();
        HeaderSection headers = HeaderSection.parse(text, 0, text.length());
        assertThat(headers.fields()).hasSize(HeaderSection.MAX_FIELDS);
        assertThat(text.substring(headers.bodyStart())).isEqualTo("body");
    }
}
