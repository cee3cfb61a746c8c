package io.github.backscatterguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DnsblSettingsTest {
    private static final Optional<DnsblZone> BACKSCATTERER = Optional.of(DnsblZone.parse("ips.backscatterer.org=127.0.0.2"));

    @Test
    void defaults() {
        DnsblSettings settings = DnsblSettings.from(Map.of(), BACKSCATTERER);

        assertThat(settings.zone()).isEqualTo(BACKSCATTERER.get());
        assertThat(settings.dnsServers()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.maxCacheTtl()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void readsEveryValue() {
        DnsblSettings settings = DnsblSettings.from(Map.of("zone", "bl.example=127.0.0.[2..5]", "dnsservers", "127.0.0.1:5353",
            "timeout", "500ms", "maxcachettl", "10m"), BACKSCATTERER);

        assertThat(settings.zone()).hasToString("bl.example=127.0.0.[2..5]");
        assertThat(settings.dnsServers()).containsExactly(new InetSocketAddress("127.0.0.1", 5353));
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.maxCacheTtl()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void blankDnsServersMeansTheSystemResolvers() {
        assertThat(DnsblSettings.from(Map.of("dnsservers", " "), BACKSCATTERER).dnsServers()).isEmpty();
    }

    @Test
    void zoneIsRequiredWithoutDefault() {
        assertThatThrownBy(() -> DnsblSettings.from(Map.of(), Optional.empty())).hasMessageContaining("'zone' is required");
    }

    @Test
    void badValuesNameTheParameter() {
        assertThatThrownBy(() -> DnsblSettings.from(Map.of("timeout", "0s"), BACKSCATTERER))
            .hasMessageContaining("'timeout'").hasMessageContaining("'0s'").hasMessageContaining("accepted");
        assertThatThrownBy(() -> DnsblSettings.from(Map.of("maxcachettl", "8d"), BACKSCATTERER))
            .hasMessageContaining("'maxCacheTtl'").hasMessageContaining("'8d'").hasMessageContaining("at most 7d");
        assertThatThrownBy(() -> DnsblSettings.from(Map.of("dnsservers", "resolver.example"), BACKSCATTERER))
            .hasMessageContaining("'dnsservers'").hasMessageContaining("resolver.example");
        assertThatThrownBy(() -> DnsblSettings.from(Map.of("zone", "bl.example=127.0.0"), BACKSCATTERER))
            .hasMessageContaining("'zone'").hasMessageContaining("127.0.0");
    }
}
