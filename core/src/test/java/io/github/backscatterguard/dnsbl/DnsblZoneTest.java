package io.github.backscatterguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class DnsblZoneTest {
    @Test
    void parsesZoneAndFilter() {
        DnsblZone zone = DnsblZone.parse("IPS.Backscatterer.org.=127.0.0.2");

        assertThat(zone.name()).isEqualTo("ips.backscatterer.org");
        assertThat(zone.filter()).isEqualTo(ReturnCodeFilter.parse("127.0.0.2"));
        assertThat(zone).hasToString("ips.backscatterer.org=127.0.0.2");
    }

    @Test
    void zoneWithoutFilterAcceptsAnyCode() {
        assertThat(DnsblZone.parse("bl.example").filter()).isEqualTo(ReturnCodeFilter.any());
    }

    @Test
    void rejectsNamesThatAreNotDnsNames() {
        assertThatThrownBy(() -> DnsblZone.parse("bad zone=127.0.0.2"))
            .hasMessageContaining("'bad zone'").hasMessageContaining("expected a DNS name");
    }

    @Test
    void ipv4QueryNameReversesOctets() throws Exception {
        assertThat(DnsblQueryName.of(InetAddress.getByName("192.0.2.99"), "bl.example")).isEqualTo("99.2.0.192.bl.example");
    }

    @Test
    void ipv6QueryNameReversesNibblesAsRfc5782Says() throws Exception {
        // The example of RFC 5782 section 2.4.
        assertThat(DnsblQueryName.of(InetAddress.getByName("2001:db8:1:2:3:4:567:89ab"), "ugly.example.com"))
            .isEqualTo("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ugly.example.com");
    }
}
