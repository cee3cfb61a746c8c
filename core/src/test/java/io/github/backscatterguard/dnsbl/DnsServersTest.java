package io.github.backscatterguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DnsServersTest {
    @Test
    void parsesIpv4Ipv6AndPorts() {
        assertThat(DnsServers.parse("127.0.0.1:5353, [::1]:5354,127.0.0.2,::1"))
            .containsExactly(new InetSocketAddress("127.0.0.1", 5353), new InetSocketAddress("::1", 5354),
                new InetSocketAddress("127.0.0.2", 53), new InetSocketAddress("::1", 53));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dns.example", "127.0.0.1:0", "127.0.0.1:70000", "[::1", "[::1]5353", "", "127.0.0.1:x"})
    void rejectsWhatIsNotAnAddressLiteral(String value) {
        assertThatThrownBy(() -> DnsServers.parse(value))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("accepted: IP[:PORT]");
    }
}
