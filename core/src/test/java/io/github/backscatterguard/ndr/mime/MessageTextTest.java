package io.github.backscatterguard.ndr.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageTextTest {
    private static String of(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        return MessageText.of(bytes, bytes.length);
    }

    @Test
    void crlfCrOnlyAndLfGiveTheSameText() {
        assertThat(of("a: b\r\nc: d\r\n\r\nbody\r\n")).isEqualTo("a: b\nc: d\n\nbody\n");
        assertThat(of("a: b\rc: d\r\rbody\r")).isEqualTo("a: b\nc: d\n\nbody\n");
        assertThat(of("a: b\nc: d\n\nbody\n")).isEqualTo("a: b\nc: d\n\nbody\n");
    }

    @Test
    void mixedEndingsAndLoneCrBeforeLf() {
        assertThat(of("x\r\r\ny\n\rz")).isEqualTo("x\n\ny\n\nz");
    }

    @Test
    void everyByteBecomesOneCharEvenNulAndHighBytes() {
        byte[] bytes = {0, (byte) 0xff, 'a'};
        assertThat(MessageText.of(bytes, 3)).isEqualTo("\u0000\u00ffa");
        assertThat(MessageText.of(bytes, 1)).isEqualTo("\u0000");
    }
}
