package io.github.backscatterguard.batv;

import io.github.backscatterguard.testing.TestDaemons;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with Exim's own prvs implementation (Debian package exim4-daemon-light, which
 * .ci/run installs): Exim's tags verify here, and ours pass Exim's ${prvscheck}.
 */
class EximInteropTest {
    private static final Path EXIM = Path.of("/usr/sbin/exim");
    private static final List<String> ADDRESSES = List.of("user@example.com", "First.Last+tag@Sub.Example.ORG",
        "o'brien=x@example.net", "postmaster@example.com");

    @BeforeAll
    static void requireExim() {
        TestDaemons.assumeInstalled(EXIM, "exim4-daemon-light");
    }

    /** Runs {@code exim -be EXPRESSION} and returns what it printed. */
    private static String exim(String expression) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(EXIM.toString(), "-be", expression).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("exim -be failed: " + output);
        }
        return output;
    }

    private static PrvsCodec codec(BatvKeyRing keys) {
        return new PrvsCodec(keys, Duration.ofDays(7), Clock.systemUTC());
    }

    @Test
    void tagsMadeByEximVerify() throws Exception {
        for (int keyNumber : List.of(0, 5, 9)) {
            BatvKeyRing keys = BatvKeyRing.of(List.of(new BatvKey(keyNumber, "exim shared secret " + keyNumber)));
            for (String address : ADDRESSES) {
                String tagged = exim("${prvs{" + address + "}{exim shared secret " + keyNumber + "}{" + keyNumber + "}}");

                PrvsCheck check = codec(keys).verify(tagged);
                assertThat(check.status()).as(tagged).isEqualTo(PrvsCheck.Status.VALID);
                assertThat(check.original()).contains(address);
            }
        }
    }

    @Test
    void tagsMadeHerePassEximsPrvscheck() throws Exception {
        BatvKeyRing keys = BatvKeyRing.of(List.of(new BatvKey(4, "our secret")));
        for (String address : ADDRESSES) {
            String tagged = codec(keys).sign(address);

            String result = exim("${prvscheck{" + tagged + "}{our secret}{$prvscheck_result:$prvscheck_address}}");
            assertThat(result).as(tagged).isEqualTo("1:" + address);
        }
    }

    @Test
    void eximRefusesOurTagUnderAnotherSecret() throws Exception {
        String tagged = codec(BatvKeyRing.of(List.of(new BatvKey(1, "our secret")))).sign("user@example.com");

        // Exim returns the third argument expanded; $prvscheck_result is empty when the check fails.
        assertThat(exim("${prvscheck{" + tagged + "}{not our secret}{r=$prvscheck_result}}")).isEqualTo("r=");
    }
}
