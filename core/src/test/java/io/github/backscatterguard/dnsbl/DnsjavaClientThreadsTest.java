package io.github.backscatterguard.dnsbl;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Uncached lookups do not start threads: dnsjava's default completion pool (the JDK's common pool)
 * starts one thread per query on a machine with 2 cores (its parallelism is then 1), which the
 * shared {@link DnsCompletionExecutor} replaces. On a machine with more cores the old code passed
 * too; on the 2-core CI machines this test failed with 200 threads for 200 queries before the fix.
 */
class DnsjavaClientThreadsTest {
    private static Rbldnsd rbldnsd;

    @BeforeAll
    static void startRbldnsd() throws Exception {
        Rbldnsd.assumeInstalled();
        rbldnsd = Rbldnsd.start(Map.of("bl.test:ip4set:v4", ":127.0.0.2:listed\n10.1.0.0/16\n"));
    }

    @AfterAll
    static void stopRbldnsd() throws Exception {
        if (rbldnsd != null) {
            rbldnsd.close();
        }
    }

    @Test
    void uncachedQueriesStartNoThreadEach() {
        DnsjavaClient client = DnsjavaClient.servers(List.of(rbldnsd.address()), Duration.ofSeconds(10));
        for (int i = 0; i < 20; i++) { // dnsjava's I/O thread and the completion threads start here
            client.queryA(i + ".0.1.10.bl.test").toCompletableFuture().join();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long startedBefore = threads.getTotalStartedThreadCount();

        for (int i = 0; i < 200; i++) {
            DnsAnswer answer = client.queryA(i + ".1.1.10.bl.test").toCompletableFuture().join();
            assertThat(answer.addresses()).hasSize(1);
        }

        // Other tests' threads may start meanwhile (surefire runs classes one after the other, so few).
        assertThat(threads.getTotalStartedThreadCount() - startedBefore).isLessThan(20);
    }
}
