package io.github.backscatterguard.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpfSettingsTest {
    @Test
    void defaultsAreTheSystemResolverTwentySecondsAndFiveMinutes() {
        SpfSettings settings = SpfSettings.from(Map.of());

        assertThat(settings.dnsServers()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.maxCacheAge()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void valuesAreRead() {
        SpfSettings settings = SpfSettings.from(Map.of("dnsservers", "127.0.0.1:5353", "timeout", "500ms", "maxcacheage", "0s"));

        assertThat(settings.dnsServers()).hasSize(1);
        assertThat(settings.dnsServers().get(0).getPort()).isEqualTo(5353);
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.maxCacheAge()).isZero();
    }

    @Test
    void badValuesNameTheParameterAndWhatIsAccepted() {
        assertThatThrownBy(() -> SpfSettings.from(Map.of("dnsservers", "dns.example.org")))
            .hasMessageStartingWith("parameter 'dnsServers' has a bad value: invalid DNS server 'dns.example.org'");
        assertThatThrownBy(() -> SpfSettings.from(Map.of("timeout", "0s")))
            .hasMessage("parameter 'timeout' has value '0s'; accepted: a duration above 0 and at most 60s (e.g. 20s, 500ms)");
        assertThatThrownBy(() -> SpfSettings.from(Map.of("timeout", "soon")))
            .hasMessageStartingWith("parameter 'timeout' has a bad value: 'soon' is not a duration");
        assertThatThrownBy(() -> SpfSettings.from(Map.of("maxcacheage", "2d")))
            .hasMessage("parameter 'maxCacheAge' has value '2d'; accepted: a duration of at most 1d (e.g. 5m; 0s turns the cache off)");
    }
}
