package io.github.backscatterguard.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

import io.github.backscatterguard.batv.BatvKeyRing;
import io.github.backscatterguard.batv.PrvsCodec;
import io.github.backscatterguard.config.Durations;
import picocli.CommandLine.Option;

/** The options {@code batv sign} and {@code batv verify} share: the key file and the validity. */
final class BatvKeyOptions {
    @Option(names = "--key-file", paramLabel = "FILE", required = true,
        description = "The BATV key file: one key per line, 'N SECRET' (N = key number 0-9); the file of the James configuration.")
    Path keyFile;

    @Option(names = "--validity", paramLabel = "DURATION", defaultValue = "7d",
        description = "How long a signed address stays valid, whole days (1d-999d), as configured in James.%nDefault: ${DEFAULT-VALUE}.")
    String validity;

    /** A readable explanation of a bad key file or validity, never a secret. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message);
        }
    }

    BatvKeyRing keys() throws Problem {
        try {
            return BatvKeyRing.read(keyFile);
        } catch (IOException e) {
            throw new Problem("cannot read the key file " + keyFile + ": " + e);
        } catch (IllegalArgumentException e) {
            throw new Problem(e.getMessage());
        }
    }

    PrvsCodec codec(BatvKeyRing keys, Clock clock) throws Problem {
        try {
            return new PrvsCodec(keys, Durations.parse(validity), clock);
        } catch (IllegalArgumentException e) {
            throw new Problem("Invalid value for option '--validity': " + e.getMessage());
        }
    }
}
