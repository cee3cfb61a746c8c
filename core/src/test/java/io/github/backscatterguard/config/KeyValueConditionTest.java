package io.github.backscatterguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyValueConditionTest {
    private static final Set<String> KEYS = Set.of("zone", "timeout", "dnsservers");

    @Test
    void parsesKeysCaseInsensitivelyKeepingEqualsAndBracketedSemicolonsInValues() {
        assertThat(KeyValueCondition.parse(" zone=bl.example=127.0.0.[2;4] ; dnsServers=127.0.0.1:53,[::1]:53; TIMEOUT=2s", KEYS))
            .containsExactly(
                org.assertj.core.api.Assertions.entry("zone", "bl.example=127.0.0.[2;4]"),
                org.assertj.core.api.Assertions.entry("dnsservers", "127.0.0.1:53,[::1]:53"),
                org.assertj.core.api.Assertions.entry("timeout", "2s"));
    }

    @Test
    void emptyConditionGivesNoValues() {
        assertThat(KeyValueCondition.parse(null, KEYS)).isEmpty();
        assertThat(KeyValueCondition.parse("  ", KEYS)).isEmpty();
    }

    @Test
    void unknownKeyNamesTheKeyAndTheAcceptedOnes() {
        assertThatThrownBy(() -> KeyValueCondition.parse("zone=x; timout=2s", KEYS))
            .hasMessageContaining("'timout'").hasMessageContaining("[dnsservers, timeout, zone]");
    }

    @Test
    void itemWithoutEqualsAndRepeatedKeysAreErrors() {
        assertThatThrownBy(() -> KeyValueCondition.parse("bl.example", KEYS)).hasMessageContaining("'bl.example' is not key=value");
        assertThatThrownBy(() -> KeyValueCondition.parse("zone=a;zone=b", KEYS)).hasMessageContaining("given twice");
    }

    @Test
    void durationsNeedAUnit() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> Durations.parse("2")).hasMessageContaining("'2' is not a duration");
    }
}
