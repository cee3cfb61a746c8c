package io.github.backscatterguard.ndr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile messages must never throw and must finish; the generous timeout only
 * catches runaway loops, it does not measure speed.
 */
class HostileInputTest {
    private final NdrClassifier classifier = new NdrClassifier();

    static Stream<Arguments> hostileMessages() {
        String dsnHead = "From: MAILER-DAEMON@example.org\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\n\n";
        StringBuilder manyHeaders = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            manyHeaders.append("X-Junk: ").append(i).append('\n');
        }
        StringBuilder manyParts = new StringBuilder(dsnHead);
        for (int i = 0; i < 10_000; i++) {
            manyParts.append("--b\nContent-Type: text/plain\n\nundeliverable ").append(i).append('\n');
        }
        StringBuilder deep = new StringBuilder("Content-Type: multipart/mixed; boundary=d0\n\n");
        for (int i = 1; i <= 1_000; i++) {
            deep.append("--d").append(i - 1).append("\nContent-Type: multipart/mixed; boundary=d").append(i).append("\n\n");
        }
        return Stream.of(
            Arguments.of("empty", new byte[0]),
            Arguments.of("NUL bytes", ("Subject: a\u0000b\n\n\u0000\u0000Action: failed\u0000").getBytes(StandardCharsets.ISO_8859_1)),
            Arguments.of("only NUL", new byte[70_000]),
            Arguments.of("no closing boundary", (dsnHead + "--b\nContent-Type: message/delivery-status\n\nAction: failed\nStatus: 5.1.1")
                .getBytes(StandardCharsets.US_ASCII)),
            Arguments.of("1 MB header line", ("Subject: " + "x".repeat(1_000_000) + "\n\nbody").getBytes(StandardCharsets.US_ASCII)),
            Arguments.of("1 MB folded header", ("Subject: a\n" + " x\n".repeat(300_000) + "\nbody").getBytes(StandardCharsets.US_ASCII)),
            Arguments.of("100,000 header lines", (manyHeaders + "\nbody").getBytes(StandardCharsets.US_ASCII)),
            Arguments.of("10,000 parts", manyParts.toString().getBytes(StandardCharsets.US_ASCII)),
            Arguments.of("nesting 1,000 deep", deep.toString().getBytes(StandardCharsets.US_ASCII)),
            Arguments.of("bogus charsets", ("Subject: =?x-bogus-\u00ff?B?////?= =?utf-8?Q?=ZZ=?=\nContent-Type: text/plain; charset=\"???\"\n"
                + "Content-Transfer-Encoding: base64\n\n!!!!====****").getBytes(StandardCharsets.ISO_8859_1)),
            Arguments.of("binary garbage", randomBytes(300_000)),
            Arguments.of("boundary of dashes", ("Content-Type: multipart/mixed; boundary=\"-\"\n\n" + "---\n".repeat(50_000))
                .getBytes(StandardCharsets.US_ASCII)),
            Arguments.of("unterminated html tag", ("Content-Type: text/html\n\n<" + "a".repeat(200_000)).getBytes(StandardCharsets.US_ASCII)),
            Arguments.of("dsn with endless recipients", (dsnHead + "--b\nContent-Type: message/delivery-status\n\n"
                + "Final-Recipient: rfc822; a@b.example\nAction: failed\n".repeat(20_000)).getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] randomBytes(int size) {
        java.util.Random random = new java.util.Random(42);
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileMessages")
    void neverThrowsAndAlwaysFinishes(String name, byte[] message) {
        Verdict verdict = assertTimeoutPreemptively(Duration.ofSeconds(20),
            () -> classifier.classify(message, EnvelopeSender.unknown()));
        assertThat(verdict).isNotNull();
        assertThat(verdict.evidence()).noneMatch(token -> token.startsWith("unreadable:"));
    }
}
