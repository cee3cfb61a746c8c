package io.github.backscatterguard.benchmarks;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.mail.internet.AddressException;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.metrics.dropwizard.DropWizardMetricFactory;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.SMTPSessionImpl;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
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

import com.codahale.metrics.Counting;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;

import io.github.backscatterguard.dnsbl.Rbldnsd;
import io.github.backscatterguard.james.dnsbl.JamesDnsblMetrics;
import io.github.backscatterguard.james.dnsbl.SharedDnsblCache;
import io.github.backscatterguard.james.smtp.SafeModeDnsblHook;

/**
 * What {@code SafeModeDnsblHook} costs one RCPT ({@code doRcpt}, time per call), on James's own
 * {@code SMTPSessionImpl} (only its transport, the socket, is a stand-in) with James's Dropwizard
 * metrics:
 * <ul>
 *   <li>{@code ordinarySender}: a sender that is neither {@code <>} nor {@code postmaster@}, from an
 *       unauthenticated, non-relaying client. The hook must decline without any DNS: its resolver is
 *       a loopback port where nothing answers, and after each iteration the benchmark fails if the
 *       hook counted a lookup or an error, asked the domain list or read the client's address.</li>
 *   <li>{@code bounceFromListedIpCacheHit} / {@code bounceFromUnlistedIpCacheHit}: sender {@code <>}
 *       from an IP a local rbldnsd lists (refused with 554) or does not list (declined), the answer
 *       already in the DNSBL cache (one lookup per IP at setup). After each iteration the benchmark
 *       fails if the hook made any lookup beyond those two or counted an error.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SafeModeHookBenchmark {
    static final String ZONE = "ips.backscatterer.test";
    static final String LISTED_IP = "127.0.0.66";
    static final String UNLISTED_IP = "127.0.0.1";

    /** The hook with its own metrics, and stand-ins that count what the hook asks of them. */
    abstract static class HookState {
        final MetricRegistry registry = new MetricRegistry();
        final AtomicLong domainListCalls = new AtomicLong();
        final AtomicLong transportCalls = new AtomicLong();
        final MailAddress recipient;
        SafeModeDnsblHook hook;

        HookState() {
            try {
                recipient = new MailAddress("carol@local.example");
            } catch (AddressException e) {
                throw new IllegalStateException(e);
            }
        }

        void startHook(String dnsServers) throws ConfigurationException {
            DomainList domainList = (DomainList) Proxy.newProxyInstance(DomainList.class.getClassLoader(),
                new Class<?>[] {DomainList.class}, (proxy, method, args) -> {
                    domainListCalls.incrementAndGet();
                    throw new UnsupportedOperationException("the hook asked the domain list: " + method.getName());
                });
            BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
            config.addProperty("zone", ZONE + "=127.0.0.2");
            config.addProperty("dnsServers", dnsServers);
            config.addProperty("timeout", "500ms");
            hook = new SafeModeDnsblHook(new SharedDnsblCache(new DropWizardMetricFactory(registry)), domainList);
            hook.init(config);
        }

        /** James's SMTP session of an ordinary client at {@code ip}: not relaying, not authenticated. */
        SMTPSession session(String ip) throws UnknownHostException {
            InetSocketAddress client = new InetSocketAddress(InetAddress.getByName(ip), 40000);
            ProtocolTransport transport = (ProtocolTransport) Proxy.newProxyInstance(ProtocolTransport.class.getClassLoader(),
                new Class<?>[] {ProtocolTransport.class}, (proxy, method, args) -> {
                    transportCalls.incrementAndGet();
                    if (method.getName().equals("getRemoteAddress")) {
                        return client;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
            SMTPSession session = new SMTPSessionImpl(transport, new SMTPConfigurationImpl());
            if (session.isRelayingAllowed() || session.getUsername() != null) {
                throw new IllegalStateException("the benchmark session must be an ordinary, unauthenticated client");
            }
            return session;
        }

        long count(String counter) {
            Metric metric = registry.getMetrics().get(JamesDnsblMetrics.name(counter, ZONE));
            return metric == null ? 0 : ((Counting) metric).getCount();
        }
    }

    @State(Scope.Thread)
    public static class DeadResolver extends HookState {
        SMTPSession session;
        MaybeSender[] senders;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws ConfigurationException, UnknownHostException {
            startHook("127.0.0.1:9"); // discard port: any query would time out and count an error
            session = session(LISTED_IP);
            transportCalls.set(0); // the session read the address once, to decide relaying
            senders = new MaybeSender[] {
                MaybeSender.getMailSender("alice@provider.example"),
                MaybeSender.getMailSender("newsletter+bounces-1234@lists.example.com"),
                MaybeSender.getMailSender("bob.smith@mail.example.net"),
                MaybeSender.getMailSender("no-reply@shop.example")};
        }

        @TearDown(Level.Iteration)
        public void checkNoLookup() {
            if (count("lookups") != 0 || count("errors") != 0 || domainListCalls.get() != 0 || transportCalls.get() != 0) {
                throw new IllegalStateException("an ordinary sender caused work beyond the sender check: lookups " + count("lookups")
                    + ", DNS errors " + count("errors") + ", domain list calls " + domainListCalls.get()
                    + ", remote address reads " + transportCalls.get());
            }
        }
    }

    @State(Scope.Thread)
    public static class WarmCache extends HookState {
        Rbldnsd rbldnsd;
        SMTPSession listed;
        SMTPSession unlisted;

        @Setup(Level.Trial)
        public void setUp() throws IOException, InterruptedException, ConfigurationException {
            if (!Rbldnsd.installed()) {
                throw new IllegalStateException("SafeModeHookBenchmark's cache-hit benchmarks need rbldnsd at /usr/sbin/rbldnsd "
                    + "(Debian package rbldnsd: apt-get install rbldnsd)");
            }
            Map<String, String> zones = new LinkedHashMap<>();
            zones.put(ZONE + ":ip4set:v4", "$SOA 3600 ns.bl.bench hostmaster.bl.bench 1 3600 600 86400 3600\n$TTL 3600\n"
                + ":127.0.0.2:Sent backscatter, see https://bl.test/?$\n" + LISTED_IP + "\n");
            rbldnsd = Rbldnsd.start(zones);
            startHook("127.0.0.1:" + rbldnsd.address().getPort());
            listed = session(LISTED_IP);
            unlisted = session(UNLISTED_IP);
            HookResult refused = hook.doRcpt(listed, MaybeSender.nullSender(), recipient);
            HookResult accepted = hook.doRcpt(unlisted, MaybeSender.nullSender(), recipient);
            if (!refused.getResult().equals(HookReturnCode.deny()) || !accepted.equals(HookResult.DECLINED) || count("lookups") != 2) {
                throw new IllegalStateException("warming the cache went wrong: listed IP " + refused.getResult()
                    + ", unlisted IP " + accepted.getResult() + ", lookups " + count("lookups") + ", errors " + count("errors"));
            }
        }

        @TearDown(Level.Iteration)
        public void checkCacheOnly() {
            if (count("lookups") != 2 || count("errors") != 0) {
                throw new IllegalStateException("the warm cache was not enough: lookups " + count("lookups")
                    + " (2 at setup), DNS errors " + count("errors"));
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            if (rbldnsd != null) {
                rbldnsd.close();
            }
        }
    }

    @Benchmark
    public HookResult ordinarySender(DeadResolver state) {
        MaybeSender sender = state.senders[state.next];
        state.next = (state.next + 1) & 3;
        HookResult result = state.hook.doRcpt(state.session, sender, state.recipient);
        if (!result.equals(HookResult.DECLINED)) {
            throw new IllegalStateException("an ordinary sender was not declined: " + result);
        }
        return result;
    }

    @Benchmark
    public HookResult bounceFromListedIpCacheHit(WarmCache state) {
        HookResult result = state.hook.doRcpt(state.listed, MaybeSender.nullSender(), state.recipient);
        if (!result.getResult().equals(HookReturnCode.deny())) {
            throw new IllegalStateException("a bounce from the listed IP was not refused: " + result);
        }
        return result;
    }

    @Benchmark
    public HookResult bounceFromUnlistedIpCacheHit(WarmCache state) {
        HookResult result = state.hook.doRcpt(state.unlisted, MaybeSender.nullSender(), state.recipient);
        if (!result.equals(HookResult.DECLINED)) {
            throw new IllegalStateException("a bounce from an unlisted IP was not declined: " + result);
        }
        return result;
    }
}
