package io.github.backscatterguard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {
    @ParameterizedTest
    @CsvSource({
        "192.0.2.1, 192.0.2.1",
        "010.0.0.255, 10.0.0.255",
        "::1, 0:0:0:0:0:0:0:1",
        "2001:db8::7, 2001:db8:0:0:0:0:0:7",
        "::ffff:192.0.2.1, 192.0.2.1"})
    void readsLiterals(String text, String address) {
        assertThat(IpLiterals.parse(text)).map(InetAddress::getHostAddress).contains(address);
    }

    /**
     * InetAddress.getByName would send the first five to the DNS (strace shows the query for
     * 999.1.1.1) and read the last two as 0.0.0.10 and 1.0.0.2.
     */
    @ParameterizedTest
    @ValueSource(strings = {"999.1.1.1", "1.2.3.4.5", "...", ".:1", "relay.example", "10", "1.2", "", "1:2", "[::1]", "::1%eth0"})
    void refusesAnythingElseWithoutResolvingIt(String text) {
        assertThat(IpLiterals.parse(text)).isEmpty();
    }
}
