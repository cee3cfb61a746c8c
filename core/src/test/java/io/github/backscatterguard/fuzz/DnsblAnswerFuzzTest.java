package io.github.backscatterguard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.github.backscatterguard.dnsbl.DnsAnswer;
import io.github.backscatterguard.dnsbl.DnsClient;
import io.github.backscatterguard.dnsbl.DnsLookupException;
import io.github.backscatterguard.dnsbl.DnsblCache;
import io.github.backscatterguard.dnsbl.DnsblChecker;
import io.github.backscatterguard.dnsbl.DnsblMetrics;
import io.github.backscatterguard.dnsbl.DnsblResult;
import io.github.backscatterguard.dnsbl.DnsblZone;
import io.github.backscatterguard.dnsbl.LookupError;
import io.github.backscatterguard.dnsbl.ReturnCodeFilter;

/**
 * What the DNSBL checker makes of any DNS answer, over a DnsClient that answers at once with what
 * the input says. The checker must never throw, must finish (the client answered, so nothing may
 * wait for a timeout), and must never call an IP listed on an answer outside 127.0.0.0/8 or on a
 * 127.255.255.x "query refused" code.
 * <p>
 * Input layout (missing bytes read as 0): byte 0 flags (bit 0 ask for the TXT reason; bits 1-2 the
 * A query: 0 addresses, 1 no such name, 2 a lookup error, 3 the client throws; bit 3 the TXT query
 * fails; bit 4 check an IPv6 address); bytes 1-8 the answer's TTL in seconds (signed); bytes 9-16
 * the maxCacheTtl setting in seconds (reduced to what {@code maxCacheTtl} accepts, up to 999999999d);
 * byte 17 the length N of the zone's return-code filter; N bytes of filter text (an invalid filter
 * means "any"); then the answer addresses, 4 bytes each.
 */
class DnsblAnswerFuzzTest {
    private static final long LARGEST_CONFIGURABLE_SECONDS = 999_999_999L * 86_400;

    @FuzzTest
    void anyAnswerGivesASaneResultAtOnce(byte[] input) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(input);
        int flags = nextByte(in);
        boolean withReason = (flags & 1) != 0;
        int outcome = (flags >> 1) & 3;
        boolean txtFails = (flags & 8) != 0;
        InetAddress ip = InetAddress.getByName((flags & 16) != 0 ? "2001:db8::7" : "192.0.2.7");
        long ttl = nextLong(in);
        long maxCacheTtlSeconds = Math.floorMod(nextLong(in), LARGEST_CONFIGURABLE_SECONDS + 1);
        byte[] filterText = new byte[Math.min(nextByte(in), in.remaining())];
        in.get(filterText);
        List<byte[]> addresses = new ArrayList<>();
        while (in.remaining() >= 4) {
            byte[] address = new byte[4];
            in.get(address);
            addresses.add(address);
        }
        DnsblZone zone = new DnsblZone("bl.example", filter(new String(filterText, StandardCharsets.ISO_8859_1)));
        DnsClient client = new AnsweringClient(outcome, addresses, ttl, txtFails);
        DnsblChecker checker = new DnsblChecker(client, new DnsblCache(16, DnsblMetrics.NONE), DnsblMetrics.NONE,
            Duration.ofSeconds(2), Duration.ofSeconds(maxCacheTtlSeconds));

        CompletableFuture<DnsblResult> first = checker.check(zone, ip, withReason);
        CompletableFuture<DnsblResult> cached = checker.check(zone, ip, withReason);

        assertThat(first).as("answered at once, so checked at once").isDone();
        assertThat(cached).as("the cached result is ready too").isDone();
        DnsblResult result = first.join();
        assertThat(cached.join().status()).isEqualTo(result.status());
        if (result.isListed()) {
            assertThat(outcome).isZero();
            assertThat(addresses).allSatisfy(address -> {
                assertThat(address[0]).as("listed on an answer outside 127.0.0.0/8").isEqualTo((byte) 127);
                assertThat(address[1] == (byte) 255 && address[2] == (byte) 255).as("listed on a query-refused code").isFalse();
            });
            assertThat(result.codes()).isNotEmpty().allMatch(code -> code.startsWith("127."));
        }
        if (outcome == 0 && addresses.stream().anyMatch(address -> address[0] != 127)) {
            assertThat(result.status()).isEqualTo(DnsblResult.Status.ERROR);
        }
    }

    private static ReturnCodeFilter filter(String text) {
        try {
            return ReturnCodeFilter.parse(text);
        } catch (IllegalArgumentException e) {
            return ReturnCodeFilter.any();
        }
    }

    private static int nextByte(ByteBuffer in) {
        return in.hasRemaining() ? in.get() & 0xff : 0;
    }

    private static long nextLong(ByteBuffer in) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | nextByte(in);
        }
        return value;
    }

    /** Answers every query at once, as the input says. */
    private static final class AnsweringClient implements DnsClient {
        private final int outcome;
        private final List<byte[]> addresses;
        private final long ttl;
        private final boolean txtFails;

        AnsweringClient(int outcome, List<byte[]> addresses, long ttl, boolean txtFails) {
            this.outcome = outcome;
            this.addresses = addresses;
            this.ttl = ttl;
            this.txtFails = txtFails;
        }

        @Override
        public CompletionStage<DnsAnswer> queryA(String name) {
            switch (outcome) {
                case 0:
                    return CompletableFuture.completedFuture(DnsAnswer.addresses(addresses, ttl));
                case 1:
                    return CompletableFuture.completedFuture(DnsAnswer.noSuchName(ttl));
                case 2:
                    return CompletableFuture.failedFuture(new DnsLookupException(LookupError.SERVER_ERROR, "SERVFAIL"));
                default:
                    throw new IllegalStateException("resolver bug");
            }
        }

        @Override
        public CompletionStage<List<String>> queryTxt(String name) {
            return txtFails
                ? CompletableFuture.failedFuture(new DnsLookupException(LookupError.TIMEOUT, "no TXT"))
                : CompletableFuture.completedFuture(List.of("listed for backscatter"));
        }
    }
}
