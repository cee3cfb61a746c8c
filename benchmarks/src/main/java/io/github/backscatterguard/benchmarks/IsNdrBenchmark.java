package io.github.backscatterguard.benchmarks;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.transport.matchers.SenderIsNull;
import org.apache.mailet.Matcher;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.github.backscatterguard.james.matchers.IsNdr;
import io.github.backscatterguard.james.matchers.VerdictAttributes;

/**
 * What the {@code IsNdr} matcher costs James per mail, next to James's own {@code SenderIsNull} on
 * the same mails: {@code match(mail)} over every corpus message in turn, each a mail over James's
 * {@code MimeMessageWrapper}. ops/s = mails/s.
 * <ul>
 *   <li>{@code isNdr}: a real classification each time (the verdict attributes IsNdr wrote on the
 *       previous pass are removed first; the removal is part of the measured time);</li>
 *   <li>{@code isNdrVerdictRecorded}: the mail already carries the verdict (a second IsNdr in the
 *       pipeline), which IsNdr reuses;</li>
 *   <li>{@code isNdrFreshMail}: a new mail and wrapper built from the bytes each time (the previous one
 *       disposed), then classified, so nothing a previous pass cached in the wrapper helps; {@code freshMailOnly} builds the mail
 *       alone, to subtract;</li>
 *   <li>{@code senderIsNull}: James's {@code SenderIsNull} on the same reused mails.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IsNdrBenchmark {

    @State(Scope.Thread)
    public static class Mails {
        final Matcher isNdr = new IsNdr();
        final Matcher senderIsNull = new SenderIsNull();
        final JamesMails factory = new JamesMails();
        byte[][] raw;
        FakeMail[] unclassified;
        FakeMail[] classified;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws MessagingException {
            isNdr.init(FakeMatcherConfig.builder().matcherName("IsNdr").build());
            senderIsNull.init(FakeMatcherConfig.builder().matcherName("SenderIsNull").build());
            raw = Corpus.load().messages(Corpus::any);
            unclassified = new FakeMail[raw.length];
            classified = new FakeMail[raw.length];
            for (int i = 0; i < raw.length; i++) {
                unclassified[i] = factory.mail(raw[i]);
                classified[i] = factory.mail(raw[i]);
                isNdr.match(classified[i]);
                if (VerdictAttributes.read(classified[i]).isEmpty()) {
                    throw new IllegalStateException("IsNdr recorded no verdict on corpus message " + i);
                }
            }
        }

        int nextIndex() {
            int index = next;
            next = index + 1 == raw.length ? 0 : index + 1;
            return index;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            factory.disposeAll();
        }
    }

    @Benchmark
    public Collection<MailAddress> isNdr(Mails state) throws MessagingException {
        FakeMail mail = state.unclassified[state.nextIndex()];
        mail.removeAttribute(VerdictAttributes.KIND);
        mail.removeAttribute(VerdictAttributes.EVIDENCE);
        mail.removeAttribute(VerdictAttributes.FAILED_RECIPIENTS);
        return state.isNdr.match(mail);
    }

    @Benchmark
    public Collection<MailAddress> isNdrVerdictRecorded(Mails state) throws MessagingException {
        return state.isNdr.match(state.classified[state.nextIndex()]);
    }

    @Benchmark
    public Collection<MailAddress> isNdrFreshMail(Mails state) throws MessagingException {
        return state.isNdr.match(state.factory.oneUseMail(state.raw[state.nextIndex()]));
    }

    @Benchmark
    public FakeMail freshMailOnly(Mails state) throws MessagingException {
        return state.factory.oneUseMail(state.raw[state.nextIndex()]);
    }

    @Benchmark
    public Collection<MailAddress> senderIsNull(Mails state) throws MessagingException {
        return state.senderIsNull.match(state.unclassified[state.nextIndex()]);
    }
}
