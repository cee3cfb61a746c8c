package io.github.backscatterguard.ndr.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentTypeTest {
    @Test
    void parsesTypeAndParameters() {
        ContentType type = ContentType.parse("Multipart/Report; report-type=\"delivery-status\";\tboundary=abc", ContentType.TEXT_PLAIN);
        assertThat(type.mediaType()).isEqualTo("multipart/report");
        assertThat(type.parameter("report-type")).isEqualTo("delivery-status");
        assertThat(type.parameter("boundary")).isEqualTo("abc");
        assertThat(type.isMultipart()).isTrue();
    }

    @Test
    void toleratesQuotesEscapesAndRfc2231Pieces() {
        ContentType type = ContentType.parse("multipart/mixed; boundary=\"a\\\"b\"; name*0=\"x\"; name*1=\"y\"", ContentType.TEXT_PLAIN);
        assertThat(type.parameter("boundary")).isEqualTo("a\"b");
        assertThat(type.parameter("name")).isEqualTo("xy");
    }

    @Test
    void missingOrGarbageGivesTheFallback() {
        assertThat(ContentType.parse(null, ContentType.TEXT_PLAIN)).isSameAs(ContentType.TEXT_PLAIN);
        assertThat(ContentType.parse("garbage", ContentType.TEXT_PLAIN)).isSameAs(ContentType.TEXT_PLAIN);
        assertThat(ContentType.parse("text/", ContentType.TEXT_PLAIN)).isSameAs(ContentType.TEXT_PLAIN);
    }
}
