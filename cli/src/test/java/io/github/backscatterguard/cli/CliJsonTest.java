package io.github.backscatterguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CliJsonTest {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(Json.string("a\"b\\c\nd\re\tf\bg\fh\u0001i\u001fj\u2028k"))
            .isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001i\\u001fj\\u2028k\"");
    }

    @Test
    void keepsOtherCharactersAsTheyAre() {
        assertThat(Json.string("ü/é ☃ 5.1.1; <x@y>")).isEqualTo("\"ü/é ☃ 5.1.1; <x@y>\"");
    }

    @Test
    void writesNullAndArrays() {
        assertThat(Json.string(null)).isEqualTo("null");
        assertThat(Json.array(List.of())).isEqualTo("[]");
        assertThat(Json.array(List.of("a", "b\"c"))).isEqualTo("[\"a\",\"b\\\"c\"]");
    }
}
