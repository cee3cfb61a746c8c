package io.github.backscatterguard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.github.backscatterguard.config.Durations;
import io.github.backscatterguard.config.KeyValueCondition;
import io.github.backscatterguard.dnsbl.DnsServers;
import io.github.backscatterguard.dnsbl.DnsblSettings;
import io.github.backscatterguard.dnsbl.DnsblZone;
import io.github.backscatterguard.dnsbl.ReturnCodeFilter;
import io.github.backscatterguard.policy.RateLimit;
import io.github.backscatterguard.policy.TrustedNetworks;

/**
 * The parsers of matcher conditions and mailet parameters on arbitrary text: a bad value must end in
 * an {@link IllegalArgumentException} with a message (which init() turns into a clear refusal to
 * start), never in another exception, which James would report as an internal error.
 */
class ConfigParsersFuzzTest {
    private static final byte[][] SOME_ANSWERS = {{127, 0, 0, 2}, {127, 0, 0, 0}, {127, 0, 1, (byte) 255}, {10, 0, 0, 2}};

    @FuzzTest
    void returnCodeFilter(byte[] input) {
        onlyIllegalArgument(() -> {
            ReturnCodeFilter filter = ReturnCodeFilter.parse(text(input));
            for (byte[] answer : SOME_ANSWERS) {
                filter.accepts(answer);
            }
            // What toString() gives back is what the administrator wrote, and reads back the same.
            assertThat(ReturnCodeFilter.parse(filter.toString())).isEqualTo(filter);
        });
    }

    @FuzzTest
    void dnsblZone(byte[] input) {
        onlyIllegalArgument(() -> {
            DnsblZone zone = DnsblZone.parse(text(input));
            assertThat(zone.name()).isNotEmpty();
            assertThat(DnsblZone.parse(zone.toString())).isEqualTo(zone);
        });
    }

    /** The whole DNSBL matcher condition: key=value pairs, then each value through its own parser. */
    @FuzzTest
    void dnsblCondition(byte[] input) {
        onlyIllegalArgument(() -> {
            Map<String, String> values = KeyValueCondition.parse(text(input), DnsblSettings.KEYS);
            assertThat(DnsblSettings.KEYS).containsAll(values.keySet());
            DnsblSettings settings = DnsblSettings.from(values, Optional.of(DnsblZone.parse("ips.backscatterer.org=127.0.0.2")));
            assertThat(settings.timeout()).isPositive();
        });
    }

    @FuzzTest
    void dnsServers(byte[] input) {
        onlyIllegalArgument(() -> assertThat(DnsServers.parse(text(input)))
            .isNotEmpty()
            .allSatisfy(server -> assertThat(server.getPort()).isBetween(1, 65535)));
    }

    @FuzzTest
    void trustedNetworks(byte[] input) throws Exception {
        InetAddress v4 = InetAddress.getByName("192.0.2.1");
        InetAddress v6 = InetAddress.getByName("2001:db8::1");
        onlyIllegalArgument(() -> {
            TrustedNetworks networks = TrustedNetworks.parse(text(input));
            networks.contains(v4);
            networks.contains(v6);
        });
    }

    @FuzzTest
    void durations(byte[] input) {
        onlyIllegalArgument(() -> assertThat(Durations.parse(text(input))).isGreaterThanOrEqualTo(Duration.ZERO));
    }

    @FuzzTest
    void rateLimit(byte[] input) {
        onlyIllegalArgument(() -> assertThat(RateLimit.parse(text(input)).count()).isBetween(1, RateLimit.MAX_COUNT));
    }

    private static String text(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }

    /**
     * Runs the parse; our own IllegalArgumentException with a message is the one accepted way to
     * refuse. Its subclass NumberFormatException is not: its message ("For input string") would
     * reach the administrator without naming the parameter or the accepted form.
     */
    private static void onlyIllegalArgument(Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException refused) {
            assertThat(refused).isExactlyInstanceOf(IllegalArgumentException.class);
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
