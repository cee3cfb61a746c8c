package io.github.backscatterguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReturnCodeFilterTest {
    private static byte[] ip(String text) {
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.2, 127.0.0.2, true",
        "127.0.0.2, 127.0.0.3, false",
        "'127.0.0.[2..11]', 127.0.0.11, true",
        "'127.0.0.[2..11]', 127.0.0.12, false",
        "'127.0.0.[2;4;6]', 127.0.0.4, true",
        "'127.0.0.[2;4;6]', 127.0.0.5, false",
        "'127.0.[0;1].[2;4]', 127.0.1.4, true",
        "'127.0.[0;1].[2;4]', 127.0.2.4, false",
        "'127.0.[0..255].2', 127.0.9.2, true",
        "'', 127.0.0.200, true",
        "127.0.0.255, 127.0.0.255, true",
    })
    void acceptsWhatThePatternSays(String filter, String answer, boolean accepted) {
        assertThat(ReturnCodeFilter.parse(filter).accepts(ip(answer))).isEqualTo(accepted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0", "127.0.0.256", "127.0.0.x", "127.0.0.[5..2]", "127.0.0.[2", "127.0.0.2.1", "127.0.0.-1", "127.0.0.2;127.0.0.4"})
    void rejectsMalformedFiltersNamingTheValueAndTheSyntax(String filter) {
        assertThatThrownBy(() -> ReturnCodeFilter.parse(filter))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(filter.trim())
            .hasMessageContaining("accepted:");
    }
}
