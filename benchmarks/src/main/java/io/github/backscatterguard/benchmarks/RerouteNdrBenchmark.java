package io.github.backscatterguard.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.memory.MailRepositoryStoreConfiguration;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryStore;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryUrlStore;
import org.apache.james.mailrepository.memory.SimpleMailRepositoryLoader;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
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

import io.github.backscatterguard.james.mailets.RerouteNdr;
import io.github.backscatterguard.james.matchers.RecordedVerdict;
import io.github.backscatterguard.james.matchers.VerdictAttributes;
import io.github.backscatterguard.ndr.MessageKind;

/**
 * What {@code RerouteNdr} with {@code returnContent=headers} costs per NDR: a new mail (James's
 * {@code MimeMessageWrapper} over the bytes of a corpus NDR that returns the original message as a
 * {@code message/rfc822} part, with IsNdr's verdict attributes) is serviced: the returned message
 * is cut to its headers and the mail sent to the pool's processor. {@code newMailOnly} builds the
 * mail alone, to subtract. ops/s = NDRs/s. After each iteration the benchmark fails unless every
 * serviced mail went to the pool and most were trimmed (the rest have a returned part the trimmer
 * leaves alone, e.g. a malformed one).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RerouteNdrBenchmark {
    static final String POOL = "ndr-pool";

    @State(Scope.Thread)
    public static class Reroute {
        final RecordingMetricFactory metrics = new RecordingMetricFactory();
        final JamesMails factory = new JamesMails();
        final RecordedVerdict verdict = new RecordedVerdict(MessageKind.NDR, "null-sender,action=failed", List.of(JamesMails.RECIPIENT));
        RerouteNdr mailet;
        MemoryMailRepositoryStore store;
        byte[][] ndrs;
        int next;
        long serviced;
        long notInPool;
        long trimmedBefore;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            MailRepositoryStoreConfiguration configuration = MailRepositoryStoreConfiguration.forItems(
                new MailRepositoryStoreConfiguration.Item(List.of(new Protocol("memory")), MemoryMailRepository.class.getName(),
                    new BaseHierarchicalConfiguration()));
            store = new MemoryMailRepositoryStore(new MemoryMailRepositoryUrlStore(), new SimpleMailRepositoryLoader(), configuration);
            store.init();
            mailet = new RerouteNdr(store, metrics);
            mailet.init(FakeMailetConfig.builder().mailetName("RerouteNdr").mailetContext(FakeMailContext.defaultContext())
                .setProperty("processor", POOL).setProperty("returnContent", "headers").build());
            List<byte[]> withReturnedMessage = new ArrayList<>();
            for (byte[] ndr : Corpus.load().messages(Corpus::ndr)) {
                if (new String(ndr, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT).contains("message/rfc822")) {
                    withReturnedMessage.add(ndr);
                }
            }
            ndrs = withReturnedMessage.toArray(new byte[0][]);
            if (ndrs.length == 0) {
                throw new IllegalStateException("the corpus has no NDR returning a message/rfc822 part");
            }
            System.out.println("RerouteNdrBenchmark: " + ndrs.length + " corpus NDRs with a message/rfc822 part");
        }

        FakeMail nextMail() throws MessagingException {
            byte[] raw = ndrs[next];
            next = next + 1 == ndrs.length ? 0 : next + 1;
            FakeMail mail = factory.oneUseMail(raw);
            mail.setState("relay");
            VerdictAttributes.write(mail, verdict);
            return mail;
        }

        @Setup(Level.Iteration)
        public void resetCounts() {
            serviced = 0;
            notInPool = 0;
            trimmedBefore = metrics.countFor(RerouteNdr.TRIMMED_METRIC);
        }

        @TearDown(Level.Iteration)
        public void checkOutcome() {
            long trimmed = metrics.countFor(RerouteNdr.TRIMMED_METRIC) - trimmedBefore;
            if (serviced > 0 && (notInPool != 0 || trimmed * 10 < serviced * 9)) {
                throw new IllegalStateException("RerouteNdr serviced " + serviced + " NDRs, trimmed " + trimmed
                    + ", not sent to the pool " + notInPool);
            }
            if (serviced > 0) {
                System.out.printf("  (%d NDRs serviced, %d trimmed to headers)%n", serviced, trimmed);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            factory.disposeAll();
        }
    }

    @Benchmark
    public FakeMail headers(Reroute state) throws MessagingException {
        FakeMail mail = state.nextMail();
        state.mailet.service(mail);
        state.serviced++;
        if (!POOL.equals(mail.getState())) {
            state.notInPool++;
        }
        return mail;
    }

    @Benchmark
    public FakeMail newMailOnly(Reroute state) throws MessagingException {
        return state.nextMail();
    }
}
