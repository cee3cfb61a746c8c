package io.github.backscatterguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedNetworksTest {
    private final TrustedNetworks networks = TrustedNetworks.parse("192.0.2.0/24, 198.51.100.7 2001:db8::/32,10.0.0.0/9");

    @Test
    void containsAddressesInsideTheBlocks() throws Exception {
        assertThat(networks.contains(InetAddress.getByName("192.0.2.200"))).isTrue();
        assertThat(networks.contains(InetAddress.getByName("198.51.100.7"))).isTrue();
        assertThat(networks.contains(InetAddress.getByName("2001:db8:ffff::1"))).isTrue();
        assertThat(networks.contains(InetAddress.getByName("10.127.255.255"))).isTrue();
    }

    @Test
    void excludesAddressesOutside() throws Exception {
        assertThat(networks.contains(InetAddress.getByName("192.0.3.1"))).isFalse();
        assertThat(networks.contains(InetAddress.getByName("198.51.100.8"))).isFalse();
        assertThat(networks.contains(InetAddress.getByName("2001:db9::1"))).isFalse();
        assertThat(networks.contains(InetAddress.getByName("10.128.0.0"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.0/33", "relay.example", "2001:db8::/129", "192.0.2.0/x"})
    void rejectsMalformedBlocks(String block) {
        assertThatThrownBy(() -> TrustedNetworks.parse(block))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(block)
            .hasMessageContaining("accepted: CIDR blocks");
    }
}
