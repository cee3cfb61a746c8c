package io.github.backscatterguard.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.github.backscatterguard.fuzz.HostileMessage;
import io.github.backscatterguard.ndr.EnvelopeSender;
import io.github.backscatterguard.ndr.NdrClassifier;
import io.github.backscatterguard.ndr.Verdict;

/**
 * Time to classify each hostile message of issue 6 (the ones HostileMessagesTest runs through the
 * matcher and the mailets), which must stay under 50 ms. Each message is built once per trial;
 * an invocation classifies it once, from a byte array and from a stream (IsNdr's path: it streams
 * the spooled message and the classifier reads its prefix).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class HostileMessageBenchmark {
    @Param({"ATTACHMENT_50MB", "NDR_RETURNING_50MB", "PARTS_10000", "NESTING_1000", "HEADER_LINE_1MB", "HEADER_LINES_100000",
        "UNCLOSED_MULTIPART", "BOGUS_CHARSET", "CR_ONLY", "NUL_AND_BINARY", "DELIVERY_STATUS_10MB"})
    public HostileMessage kind;

    private final NdrClassifier classifier = new NdrClassifier();
    private final EnvelopeSender sender = EnvelopeSender.nullSender();
    private byte[] message;

    @Setup(Level.Trial)
    public void build() {
        message = kind.bytes();
    }

    @Benchmark
    public Verdict fromBytes() {
        return classifier.classify(message, sender);
    }

    @Benchmark
    public Verdict fromStream() throws IOException {
        return classifier.classify(new ByteArrayInputStream(message), sender);
    }
}
