package io.github.backscatterguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitTest {
    @Test
    void parsesCountAndDuration() {
        assertThat(RateLimit.parse("100/1h")).isEqualTo(RateLimit.of(100, Duration.ofHours(1)));
        assertThat(RateLimit.parse(" 20 / 10m ")).isEqualTo(RateLimit.of(20, Duration.ofMinutes(10)));
        assertThat(RateLimit.parse("1/500ms").window()).isEqualTo(Duration.ofMillis(500));
        assertThat(RateLimit.parse("1000000/365d").count()).isEqualTo(1_000_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "100", "100/", "/1h", "0/1h", "-1/1h", "1000001/1h", "100/0s", "100/1w", "100/366d",
        "100/1h/2", "ten/1h", "100 per 1h"})
    void rejectsWhatIsNotCountSlashDurationNamingTheValueAndTheForm(String text) {
        assertThatThrownBy(() -> RateLimit.parse(text))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'" + text + "'")
            .hasMessageContaining("COUNT/DURATION")
            .hasMessageContaining("100/1h");
    }

    @ParameterizedTest
    @CsvSource({"100/60m, 100/1h", "20/10m, 20/10m", "5/90s, 5/90s", "1/1500ms, 1/1500ms", "7/48h, 7/2d"})
    void printsInTheFormItReadsWithTheLargestWholeUnit(String written, String printed) {
        RateLimit limit = RateLimit.parse(written);

        assertThat(limit).hasToString(printed);
        assertThat(RateLimit.parse(limit.toString())).isEqualTo(limit);
    }

    @Test
    void nullIsRejectedLikeAnyBadValue() {
        assertThatThrownBy(() -> RateLimit.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
