package io.github.backscatterguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.backscatterguard.batv.BatvKeyRing;
import io.github.backscatterguard.batv.PrvsCheck;
import io.github.backscatterguard.batv.PrvsCodec;

/** {@code batv sign} and {@code batv verify} in this JVM, with a key file in a temporary folder. */
class BatvCommandTest {
    @TempDir
    Path directory;
    private Path keyFile;

    @BeforeEach
    void writeKeys() throws Exception {
        keyFile = directory.resolve("batv.keys");
        Files.writeString(keyFile, "# test keys\n0 first-cli-test-secret\n3 second-cli-test-secret\n");
    }

    private PrvsCodec codecAt(Instant now) throws Exception {
        return new PrvsCodec(BatvKeyRing.read(keyFile), Duration.ofDays(7), Clock.fixed(now, ZoneOffset.UTC));
    }

    /**
     * The expiry day stamp (day number mod 1000) of a tag made now with {@code validityDays}, as a
     * regular expression that also admits the next day: the run may cross midnight UTC.
     */
    private static String dayStamp(int validityDays) {
        long day = LocalDate.now(ZoneOffset.UTC).toEpochDay() + validityDays;
        return String.format("(%03d|%03d)", day % 1000, (day + 1) % 1000);
    }

    @Test
    void signPrintsTheTaggedAddressThatVerifies() throws Exception {
        CliRun run = CliRun.of("batv", "sign", "alice@example.com", "--key-file", keyFile.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        String tagged = run.outLines().get(0);
        assertThat(run.outLines()).hasSize(1);
        assertThat(tagged).matches("prvs=0" + dayStamp(7) + "[0-9a-f]{6}=alice@example\\.com");
        PrvsCheck check = codecAt(Instant.now()).verify(tagged);
        assertThat(check.isValid()).isTrue();
        assertThat(check.original()).contains("alice@example.com");
    }

    @Test
    void signWithAnotherKeyAndValidity() throws Exception {
        CliRun run = CliRun.of("batv", "sign", "alice@example.com", "--key-file", keyFile.toString(), "--key", "3", "--validity", "30d");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.outLines().get(0)).matches("prvs=3" + dayStamp(30) + "[0-9a-f]{6}=alice@example\\.com");
    }

    @Test
    void verifyPrintsTheOriginalOfAValidTag() throws Exception {
        String tagged = codecAt(Instant.now()).sign("alice@example.com");

        CliRun run = CliRun.of("batv", "verify", tagged, "--key-file", keyFile.toString());

        assertThat(run.exitCode).isZero();
        assertThat(run.outLines()).containsExactly("alice@example.com");
    }

    @Test
    void verifySaysExpiredWithExitCodeOne() throws Exception {
        String old = codecAt(Instant.now().minus(Duration.ofDays(9))).sign("alice@example.com");

        CliRun run = CliRun.of("batv", "verify", old, "--key-file", keyFile.toString());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.outLines()).singleElement().satisfies(line -> assertThat(line)
            .startsWith("invalid: expired (").contains("validity of 7d").contains("alice@example.com"));
    }

    @Test
    void verifyValidityMustMatchTheSignersForLongerLivedTags() throws Exception {
        // Signed 9 days ago with a validity of 30 days: 21 days left, beyond a 7-day window.
        String longLived = new PrvsCodec(BatvKeyRing.read(keyFile), Duration.ofDays(30),
            Clock.fixed(Instant.now().minus(Duration.ofDays(9)), ZoneOffset.UTC)).sign("alice@example.com");

        assertThat(CliRun.of("batv", "verify", longLived, "--key-file", keyFile.toString()).exitCode).isEqualTo(1);
        assertThat(CliRun.of("batv", "verify", longLived, "--key-file", keyFile.toString(), "--validity", "30d").outLines())
            .containsExactly("alice@example.com");
    }

    @Test
    void verifySaysWhyAForgedAForeignOrAnUntaggedAddressIsInvalid() throws Exception {
        String tagged = codecAt(Instant.now()).sign("alice@example.com");

        CliRun forged = CliRun.of("batv", "verify", tagged.replace("alice@", "mallory@"), "--key-file", keyFile.toString());
        CliRun unknownKey = CliRun.of("batv", "verify", "prvs=5" + tagged.substring(6), "--key-file", keyFile.toString());
        CliRun plain = CliRun.of("batv", "verify", "alice@example.com", "--key-file", keyFile.toString());

        assertThat(forged.exitCode).isEqualTo(1);
        assertThat(forged.out).startsWith("invalid: bad-signature (").contains("mallory@example.com");
        assertThat(unknownKey.exitCode).isEqualTo(1);
        assertThat(unknownKey.out).startsWith("invalid: unknown-key (");
        assertThat(plain.exitCode).isEqualTo(1);
        assertThat(plain.out).startsWith("invalid: not-tagged (");
    }

    @Test
    void keyFileProblemsExitTwoNamingTheFileButNeverTheSecret() throws Exception {
        Path missing = directory.resolve("missing.keys");
        CliRun absent = CliRun.of("batv", "verify", "prvs=0798abcdef=a@example.com", "--key-file", missing.toString());
        assertThat(absent.exitCode).isEqualTo(2);
        assertThat(absent.err).contains(missing.toString());

        Path malformed = directory.resolve("malformed.keys");
        Files.writeString(malformed, "x very-secret-value\n");
        CliRun bad = CliRun.of("batv", "sign", "alice@example.com", "--key-file", malformed.toString());
        assertThat(bad.exitCode).isEqualTo(2);
        assertThat(bad.err).contains(malformed.toString()).contains("line 1").doesNotContain("very-secret-value");
        assertThat(bad.out).isEmpty();
    }

    @Test
    void badOptionsExitTwo() {
        CliRun noSuchKey = CliRun.of("batv", "sign", "alice@example.com", "--key-file", keyFile.toString(), "--key", "5");
        assertThat(noSuchKey.exitCode).isEqualTo(2);
        assertThat(noSuchKey.err).contains("'--key'").contains("no BATV key number 5");

        CliRun badValidity = CliRun.of("batv", "sign", "alice@example.com", "--key-file", keyFile.toString(), "--validity", "12h");
        assertThat(badValidity.exitCode).isEqualTo(2);
        assertThat(badValidity.err).contains("'--validity'").contains("whole days");

        CliRun alreadySigned = CliRun.of("batv", "sign", "prvs=0798abcdef=alice@example.com", "--key-file", keyFile.toString());
        assertThat(alreadySigned.exitCode).isEqualTo(2);
        assertThat(alreadySigned.err).contains("already signed");

        CliRun notAnAddress = CliRun.of("batv", "sign", "alice", "--key-file", keyFile.toString());
        assertThat(notAnAddress.exitCode).isEqualTo(2);
        assertThat(notAnAddress.err).contains("'ADDRESS'");

        CliRun noKeyFile = CliRun.of("batv", "sign", "alice@example.com");
        assertThat(noKeyFile.exitCode).isEqualTo(2);
        assertThat(noKeyFile.err).contains("--key-file");

        assertThat(CliRun.of("batv").exitCode).isEqualTo(2);
    }

    @Test
    void theToolListsTheBatvCommand() {
        CliRun help = CliRun.of("--help");

        assertThat(help.out).contains("batv");
        assertThat(CliRun.of("batv", "--help").out).contains("sign").contains("verify");
    }
}
