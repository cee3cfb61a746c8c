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
import org.openjdk.jmh.infra.Blackhole;

import io.github.backscatterguard.ndr.EnvelopeSender;
import io.github.backscatterguard.ndr.NdrClassifier;

/**
 * Throughput of {@link NdrClassifier}: each invocation classifies one message, so ops/s is
 * messages/s. The corpus benchmarks cycle through every message of the labelled corpus (or the
 * regular or NDR ones); the large ones classify a synthetic 50 MB message.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClassifierBenchmark {

    /** The messages of the corpus, and one cursor per selection, per benchmark thread. */
    @State(Scope.Thread)
    public static class CorpusState {
        final NdrClassifier classifier = new NdrClassifier();
        final EnvelopeSender sender = EnvelopeSender.unknown();
        final Cycle all = new Cycle();
        final Cycle regular = new Cycle();
        final Cycle ndr = new Cycle();

        @Setup(Level.Trial)
        public void load() {
            Corpus corpus = Corpus.load();
            all.messages = corpus.messages(Corpus::any);
            regular.messages = corpus.messages(Corpus::regular);
            ndr.messages = corpus.messages(Corpus::ndr);
        }
    }

    /** A selection of messages handed out one after the other, round and round. */
    static final class Cycle {
        byte[][] messages;
        private int next;

        byte[] next() {
            byte[] message = messages[next];
            next = next + 1 == messages.length ? 0 : next + 1;
            return message;
        }
    }

    /** One synthetic message of about 50 MB: a regular mail with an attachment, or an NDR returning it. */
    @State(Scope.Thread)
    public static class LargeMessageState {
        @Param({"ndr", "regular"})
        public String shape;

        final NdrClassifier classifier = new NdrClassifier();
        final EnvelopeSender sender = EnvelopeSender.unknown();
        byte[] message;

        @Setup(Level.Trial)
        public void build() {
            message = "ndr".equals(shape) ? LargeMessage.ndrReturningLargeOriginal() : LargeMessage.regularWithAttachment();
        }
    }

    /** Every corpus message in turn, from a byte array (the matcher's path). */
    @Benchmark
    public void corpus(CorpusState state, Blackhole blackhole) {
        blackhole.consume(state.classifier.classify(state.all.next(), state.sender));
    }

    /** Every corpus message in turn, from a stream (the CLI's path). */
    @Benchmark
    public void corpusStream(CorpusState state, Blackhole blackhole) throws IOException {
        blackhole.consume(state.classifier.classify(new ByteArrayInputStream(state.all.next()), state.sender));
    }

    /** The corpus's ham and spam only. */
    @Benchmark
    public void corpusRegular(CorpusState state, Blackhole blackhole) {
        blackhole.consume(state.classifier.classify(state.regular.next(), state.sender));
    }

    /** The corpus's non-delivery reports only. */
    @Benchmark
    public void corpusNdr(CorpusState state, Blackhole blackhole) {
        blackhole.consume(state.classifier.classify(state.ndr.next(), state.sender));
    }

    /** A 50 MB message from a byte array. */
    @Benchmark
    public void large50MB(LargeMessageState state, Blackhole blackhole) {
        blackhole.consume(state.classifier.classify(state.message, state.sender));
    }

    /** A 50 MB message from a stream. */
    @Benchmark
    public void large50MBStream(LargeMessageState state, Blackhole blackhole) throws IOException {
        blackhole.consume(state.classifier.classify(new ByteArrayInputStream(state.message), state.sender));
    }
}
