package io.github.backscatterguard.batv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrvsCodecTest {
    /** 2026-12-04 12:00 UTC = day 20791 since the epoch; day stamp 791, expiry stamp 798. */
    private static final Instant NOON = Instant.parse("2026-12-04T12:00:00Z");
    private final BatvKeyRing keys = BatvKeyRing.of(List.of(new BatvKey(0, "secret"), new BatvKey(3, "older secret")));

    private static PrvsCodec codec(BatvKeyRing keys, Instant now) {
        return new PrvsCodec(keys, Duration.ofDays(7), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void signsAsEximDoes() {
        // exim -be '${prvs{user@example.com}{secret}{0}}' on 2026-12-04 gave prvs=07983e3fc1=user@example.com
        assertThat(codec(keys, NOON).sign("user@example.com")).isEqualTo("prvs=07983e3fc1=user@example.com");
    }

    @Test
    void verifiesWithinTheValidityWindow() {
        String tagged = codec(keys, NOON).sign("user@example.com");

        assertThat(codec(keys, NOON.plus(Duration.ofDays(7))).verify(tagged).status()).isEqualTo(PrvsCheck.Status.VALID);
        assertThat(codec(keys, NOON.plus(Duration.ofDays(8))).verify(tagged).status()).isEqualTo(PrvsCheck.Status.EXPIRED);
        assertThat(codec(keys, NOON).verify(tagged).original()).contains("user@example.com");
    }

    @Test
    void dayNumberWrapsAtOneThousand() {
        Instant day995 = Instant.ofEpochSecond(20995L * 86_400);
        String tagged = codec(keys, day995).sign("user@example.com");

        assertThat(tagged).startsWith("prvs=0002");
        assertThat(codec(keys, day995.plus(Duration.ofDays(6))).verify(tagged).isValid()).isTrue();
        assertThat(codec(keys, day995.plus(Duration.ofDays(8))).verify(tagged).status()).isEqualTo(PrvsCheck.Status.EXPIRED);
    }

    @Test
    void refusesForgedTagsAndTagsForOtherAddresses() {
        String tagged = codec(keys, NOON).sign("user@example.com");

        assertThat(codec(keys, NOON).verify(tagged.replace("3e3fc1", "3e3fc2")).status()).isEqualTo(PrvsCheck.Status.BAD_SIGNATURE);
        assertThat(codec(keys, NOON).verify(tagged.replace("user@", "other@")).status()).isEqualTo(PrvsCheck.Status.BAD_SIGNATURE);
        assertThat(codec(keys, NOON).verify(tagged.replace("=0798", "=0799")).status()).isEqualTo(PrvsCheck.Status.BAD_SIGNATURE);
    }

    @Test
    void acceptsUpperCaseHexAndPrefix() {
        assertThat(codec(keys, NOON).verify("PRVS=07983E3FC1=user@example.com").isValid()).isTrue();
    }

    @Test
    void keyRotationKeepsOlderKeysVerifying() {
        String signedWithOld = codec(keys.signingWith(3), NOON).sign("user@example.com");

        assertThat(signedWithOld).startsWith("prvs=3798");
        assertThat(codec(keys, NOON).verify(signedWithOld).isValid()).isTrue();
        assertThat(codec(BatvKeyRing.of(List.of(new BatvKey(0, "secret"))), NOON).verify(signedWithOld).status())
            .isEqualTo(PrvsCheck.Status.UNKNOWN_KEY);
    }

    @Test
    void untaggedAndMalformedAddressesAreNotTagged() {
        for (String address : List.of("user@example.com", "prvs=07983e3fc1user@example.com", "prvs=0798zzzzzz=user@example.com",
            "prvs=07983e3fc1=nodomain", "prvs=")) {
            assertThat(codec(keys, NOON).verify(address).status()).as(address).isEqualTo(PrvsCheck.Status.NOT_TAGGED);
        }
    }

    @Test
    void neverSignsTwice() {
        String tagged = codec(keys, NOON).sign("user@example.com");

        assertThat(codec(keys, NOON).sign(tagged)).isEqualTo(tagged);
    }

    @Test
    void rejectsValidityOutsideWholeDays() {
        assertThatThrownBy(() -> new PrvsCodec(keys, Duration.ofHours(36), Clock.systemUTC())).hasMessageContaining("whole days");
        assertThatThrownBy(() -> new PrvsCodec(keys, Duration.ofDays(1000), Clock.systemUTC())).hasMessageContaining("1d to 999d");
    }

    @Test
    void readsKeyFilesWithoutEverShowingASecret(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("batv.keys");
        Files.writeString(good, "# rotated 2026-11\n2 new-secret\n\n0 secret\n");
        BatvKeyRing ring = BatvKeyRing.read(good);
        assertThat(ring.signingKey().number()).isEqualTo(2);
        assertThat(ring.key(0)).isPresent();
        assertThat(ring.toString()).doesNotContain("secret");

        Path bad = dir.resolve("bad.keys");
        Files.writeString(bad, "0 secret\nx topsecret\n");
        assertThatThrownBy(() -> BatvKeyRing.read(bad)).hasMessageContaining("line 2").hasMessageNotContaining("topsecret");
        Path twice = dir.resolve("twice.keys");
        Files.writeString(twice, "0 a\n0 b\n");
        assertThatThrownBy(() -> BatvKeyRing.read(twice)).hasMessageContaining("given twice");
        Path empty = dir.resolve("empty.keys");
        Files.writeString(empty, "# nothing\n");
        assertThatThrownBy(() -> BatvKeyRing.read(empty)).hasMessageContaining("holds no key");
    }
}
