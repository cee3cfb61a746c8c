package io.github.backscatterguard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.github.backscatterguard.ndr.EnvelopeSender;
import io.github.backscatterguard.ndr.NdrClassifier;
import io.github.backscatterguard.ndr.Verdict;

/**
 * The classifier on arbitrary bytes: it must return a verdict reached by its own rules, not by the
 * last-resort catch that turns an unexpected exception into "unreadable" (that catch keeps James
 * safe, but a message that reaches it is a bug).
 */
class NdrClassifierFuzzTest {
    /** The smallest prefix allowed, so the fuzzer's inputs also cross the cut. */
    private static final NdrClassifier SMALL_PREFIX = new NdrClassifier(NdrClassifier.MIN_PREFIX_BYTES);
    private static final NdrClassifier DEFAULT = new NdrClassifier();

    @FuzzTest
    void classifiesAnyBytes(byte[] message) {
        for (EnvelopeSender sender : new EnvelopeSender[] {EnvelopeSender.nullSender(), EnvelopeSender.unknown()}) {
            assertReadable(DEFAULT.classify(message, sender));
            assertReadable(SMALL_PREFIX.classify(message, sender));
        }
    }

    @FuzzTest
    void classifiesAnyStreamLikeTheBytes(byte[] message) throws IOException {
        EnvelopeSender sender = EnvelopeSender.of("alice@example.com");
        ByteArrayInputStream stream = new ByteArrayInputStream(message);
        Verdict streamed = SMALL_PREFIX.classify(stream, sender);

        assertReadable(streamed);
        assertThat(stream.available()).isEqualTo(Math.max(0, message.length - SMALL_PREFIX.maxPrefixBytes()));
        Verdict inMemory = SMALL_PREFIX.classify(message, sender);
        assertThat(streamed.kind()).isEqualTo(inMemory.kind());
        assertThat(streamed.evidence()).isEqualTo(inMemory.evidence());
    }

    private static void assertReadable(Verdict verdict) {
        assertThat(verdict).isNotNull();
        assertThat(verdict.kind()).isNotNull();
        assertThat(verdict.report()).isNotNull();
        assertThat(verdict.evidence()).noneMatch(token -> token.startsWith("unreadable:"));
    }
}
