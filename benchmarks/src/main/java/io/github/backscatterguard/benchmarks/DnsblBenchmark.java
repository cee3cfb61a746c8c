package io.github.backscatterguard.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.github.backscatterguard.dnsbl.DnsClient;
import io.github.backscatterguard.dnsbl.DnsblCache;
import io.github.backscatterguard.dnsbl.DnsblChecker;
import io.github.backscatterguard.dnsbl.DnsblMetrics;
import io.github.backscatterguard.dnsbl.DnsblResult;
import io.github.backscatterguard.dnsbl.DnsblZone;
import io.github.backscatterguard.dnsbl.DnsjavaClient;
import io.github.backscatterguard.dnsbl.LookupError;
import io.github.backscatterguard.dnsbl.Rbldnsd;

/**
 * The DNSBL engine as the safe-mode matchers and hooks use it ({@code checkNow(zone, ip, true)}):
 * a check answered from the shared cache, and a check that is a real UDP query (plus the TXT query
 * when listed) to a local rbldnsd serving a zone of 65,536 listed IPs. The iteration tear-downs
 * check that the cache benchmarks never query and the uncached ones never hit nor fail, so each
 * figure measures what its name says.
 */
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class DnsblBenchmark {
    static final DnsblZone ZONE = DnsblZone.parse("bl.bench=127.0.0.2");
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final Duration MAX_CACHE_TTL = Duration.ofHours(1);
    /** Listed: 10.1.0.0 to 10.1.255.255, one entry per IP; 10.2.0.0/16 is not listed. */
    static final int IPS = 65_536;

    /** One rbldnsd per trial, on a free loopback port, and a DNS client that asks only it. */
    @State(Scope.Benchmark)
    public static class Server {
        Rbldnsd rbldnsd;
        DnsClient client;

        @Setup(Level.Trial)
        public void start() throws IOException, InterruptedException {
            if (!Rbldnsd.installed()) {
                throw new IllegalStateException("DnsblBenchmark needs rbldnsd at /usr/sbin/rbldnsd "
                    + "(Debian package rbldnsd: apt-get install rbldnsd); it serves the zone the benchmark queries");
            }
            StringBuilder zone = new StringBuilder(IPS * 12);
            zone.append("$SOA 3600 ns.bl.bench hostmaster.bl.bench 1 3600 600 86400 3600\n$TTL 3600\n")
                .append(":127.0.0.2:Listed for the benchmark, see http://bl.bench/?ip=$\n");
            for (int i = 0; i < IPS; i++) {
                zone.append("10.1.").append(i >>> 8).append('.').append(i & 0xff).append('\n');
            }
            Map<String, String> datasets = new LinkedHashMap<>();
            datasets.put("bl.bench:ip4set:bench", zone.toString());
            rbldnsd = Rbldnsd.start(datasets);
            client = DnsjavaClient.servers(List.of(rbldnsd.address()), TIMEOUT);
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            if (rbldnsd != null) {
                rbldnsd.close();
            }
        }
    }

    /** A checker whose cache already holds the answer for one listed IP. */
    @State(Scope.Thread)
    public static class CacheHit {
        final Counts counts = new Counts();
        DnsblChecker checker;
        InetAddress ip;

        @Setup(Level.Trial)
        public void warm(Server server) throws UnknownHostException {
            checker = new DnsblChecker(server.client, new DnsblCache(10_000, counts), counts, TIMEOUT, MAX_CACHE_TTL);
            ip = InetAddress.getByName("10.1.2.3");
            DnsblResult result = checker.checkNow(ZONE, ip, true);
            if (!result.isListed() || !checker.check(ZONE, ip, true).isDone()) {
                throw new IllegalStateException("the warm-up check should be listed and cached, got: " + result);
            }
        }

        @TearDown(Level.Iteration)
        public void verify() {
            counts.expect(1, true, "every check after the warm-up must be a cache hit");
        }
    }

    /** A checker whose cache is too small to hit, and IPs handed out in turn, so each check queries rbldnsd. */
    @State(Scope.Thread)
    public static class Uncached {
        /** listed: IPs of the zone (A then TXT query); unlisted: IPs outside it (one A query, NXDOMAIN). */
        @Param({"listed", "unlisted"})
        public String ips;

        final Counts counts = new Counts();
        DnsblChecker checker;
        InetAddress[] addresses;
        private int next;

        @Setup(Level.Trial)
        public void prepare(Server server) throws UnknownHostException {
            // One entry: the cache keeps at most the query in flight, and the cycle of 65,536 IPs never repeats one in it.
            checker = new DnsblChecker(server.client, new DnsblCache(1, counts), counts, TIMEOUT, MAX_CACHE_TTL);
            int secondOctet = "listed".equals(ips) ? 1 : 2;
            addresses = new InetAddress[IPS];
            for (int i = 0; i < IPS; i++) {
                addresses[i] = InetAddress.getByAddress(new byte[] {10, (byte) secondOctet, (byte) (i >>> 8), (byte) i});
            }
        }

        InetAddress nextIp() {
            InetAddress ip = addresses[next];
            next = next + 1 == addresses.length ? 0 : next + 1;
            return ip;
        }

        @TearDown(Level.Iteration)
        public void verify() {
            counts.expectUncached("listed".equals(ips));
        }
    }

    /** Counts what the engine reports, to prove after each iteration that the benchmark measured what it claims. */
    static final class Counts implements DnsblMetrics {
        final LongAdder lookups = new LongAdder();
        final LongAdder hits = new LongAdder();
        final LongAdder listed = new LongAdder();
        final LongAdder errors = new LongAdder();
        volatile LookupError lastError;

        @Override
        public void lookup(String zone) {
            lookups.increment();
        }

        @Override
        public void cacheHit(String zone) {
            hits.increment();
        }

        @Override
        public void listed(String zone) {
            listed.increment();
        }

        @Override
        public void error(String zone, LookupError error) {
            errors.increment();
            lastError = error;
        }

        void expect(long expectedLookups, boolean hitsExpected, String why) {
            if (lookups.sum() != expectedLookups || (hits.sum() > 0) != hitsExpected || errors.sum() > 0) {
                throw new IllegalStateException(why + "; counted " + this);
            }
        }

        void expectUncached(boolean allListed) {
            long queried = lookups.sum();
            if (queried == 0 || hits.sum() > 0 || errors.sum() > 0 || listed.sum() != (allListed ? queried : 0)) {
                throw new IllegalStateException("every check must be a successful query to rbldnsd, "
                    + (allListed ? "each listed" : "none listed") + "; counted " + this);
            }
        }

        @Override
        public String toString() {
            return lookups.sum() + " lookups, " + hits.sum() + " cache hits, " + listed.sum() + " listed, "
                + errors.sum() + " errors" + (lastError == null ? "" : " (last: " + lastError + ")");
        }
    }

    /** Cache hit: checks per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public DnsblResult cacheHit(CacheHit state) {
        return state.checker.check(ZONE, state.ip, true).join();
    }

    /** Cache hit: nanoseconds per check. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public DnsblResult cacheHitLatency(CacheHit state) {
        return state.checker.check(ZONE, state.ip, true).join();
    }

    /** Cache hit through {@code checkNow}, the matchers' and hooks' call: nanoseconds per check. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public DnsblResult cacheHitCheckNowLatency(CacheHit state) {
        return state.checker.checkNow(ZONE, state.ip, true);
    }

    /** A real query per check: checks per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public DnsblResult uncached(Uncached state) {
        return state.checker.checkNow(ZONE, state.nextIp(), true);
    }

    /** A real query per check: microseconds per check. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public DnsblResult uncachedLatency(Uncached state) {
        return state.checker.checkNow(ZONE, state.nextIp(), true);
    }
}
