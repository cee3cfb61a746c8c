package io.github.backscatterguard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.github.backscatterguard.batv.BatvKey;
import io.github.backscatterguard.batv.BatvKeyRing;
import io.github.backscatterguard.batv.PrvsCheck;
import io.github.backscatterguard.batv.PrvsCodec;

/**
 * The BATV codec: any recipient address of a bounce goes through {@link PrvsCodec#verify}, so it
 * must never throw; and every address we sign must verify for exactly the validity period.
 */
class PrvsCodecFuzzTest {
    private static final BatvKeyRing KEYS = BatvKeyRing.of(List.of(new BatvKey(0, "fuzz secret"), new BatvKey(7, "older secret")));
    private static final Duration VALIDITY = Duration.ofDays(7);
    private static final Instant NOON = Instant.parse("2026-12-04T12:00:00Z");

    private static PrvsCodec codecAt(Instant now) {
        return new PrvsCodec(KEYS, VALIDITY, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** The whole input is the address, as an SMTP client would write it in RCPT TO. */
    @FuzzTest
    void verifiesAnyAddress(byte[] input) {
        String address = new String(input, StandardCharsets.UTF_8);

        PrvsCheck check = codecAt(NOON).verify(address);

        assertThat(check.status()).isNotNull();
        assertThat(check.original().isPresent()).isEqualTo(check.status() != PrvsCheck.Status.NOT_TAGGED);
        assertThat(PrvsCodec.isTagged(address)).isEqualTo(check.status() != PrvsCheck.Status.NOT_TAGGED);
    }

    /**
     * Input: two bytes, the signing day (days since 1970, so the day number's wrap at 1000 is
     * crossed), then the address. Addresses with no local part or already tagged are not signed
     * (the codec leaves those alone), so they are skipped.
     */
    @FuzzTest
    void signedAddressesVerifyUntilTheyExpire(byte[] input) {
        if (input.length < 2) {
            return;
        }
        long day = ((input[0] & 0xff) << 8) | (input[1] & 0xff);
        String address = new String(Arrays.copyOfRange(input, 2, input.length), StandardCharsets.UTF_8);
        if (address.indexOf('@') <= 0 || PrvsCodec.isTagged(address)) {
            return;
        }
        Instant signedAt = Instant.ofEpochSecond(day * 86_400 + 43_200);

        String tagged = codecAt(signedAt).sign(address);

        assertThat(PrvsCodec.isTagged(tagged)).isTrue();
        PrvsCheck sameDay = codecAt(signedAt).verify(tagged);
        assertThat(sameDay.status()).isEqualTo(PrvsCheck.Status.VALID);
        assertThat(sameDay.original()).contains(address);
        assertThat(codecAt(signedAt.plus(VALIDITY)).verify(tagged).status()).isEqualTo(PrvsCheck.Status.VALID);
        assertThat(codecAt(signedAt.plus(VALIDITY).plus(Duration.ofDays(1))).verify(tagged).status())
            .isEqualTo(PrvsCheck.Status.EXPIRED);
    }
}
