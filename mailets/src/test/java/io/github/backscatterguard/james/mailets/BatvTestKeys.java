package io.github.backscatterguard.james.mailets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.github.backscatterguard.batv.BatvKeyRing;
import io.github.backscatterguard.batv.PrvsCodec;

/** A key file and the clock the BATV mailet tests share. */
final class BatvTestKeys {
    static final String SECRET_0 = "first-test-secret-not-for-production";
    static final String SECRET_3 = "second-test-secret-not-for-production";
    /** 2026-12-04 12:00 UTC. */
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private BatvTestKeys() {
    }

    static Path write(Path directory) throws IOException {
        Path file = directory.resolve("batv.keys");
        Files.writeString(file, "# test keys\n0 " + SECRET_0 + "\n\n3 " + SECRET_3 + "\n");
        return file;
    }

    /** A codec over the same file, at {@code now}. */
    static PrvsCodec codec(Path keyFile, Instant now) throws IOException {
        return new PrvsCodec(BatvKeyRing.read(keyFile), Duration.ofDays(7), Clock.fixed(now, ZoneOffset.UTC));
    }
}
