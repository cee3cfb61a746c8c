package io.github.backscatterguard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.github.backscatterguard.policy.FirstUntrustedHop;
import io.github.backscatterguard.policy.TrustedNetworks;

/**
 * Received headers are written by whoever sent the mail: the client IP read from them must come
 * out of any text without an exception, and must never be one of the trusted relays.
 */
class FirstUntrustedHopFuzzTest {
    private static final TrustedNetworks TRUSTED = TrustedNetworks.parse("127.0.0.0/8, 192.0.2.0/24, 2001:db8::/32");
    private static final FirstUntrustedHop HOP = new FirstUntrustedHop(TRUSTED);
    private static final InetAddress TRUSTED_RELAY = address("192.0.2.25");

    /** Input: Received header values, newest first, separated by empty lines (a header may itself be folded). */
    @FuzzTest
    void findsAnUntrustedClientOrNothing(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        List<String> received = List.of(text.split("\r?\n\r?\n", -1));

        Optional<InetAddress> client = HOP.find(TRUSTED_RELAY, received);

        client.ifPresent(ip -> assertThat(TRUSTED.contains(ip)).as("trusted %s returned as the client", ip).isFalse());
        // A connecting IP outside the trusted networks is the answer, whatever the headers say.
        InetAddress stranger = address("198.51.100.9");
        assertThat(HOP.find(stranger, received)).contains(stranger);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
