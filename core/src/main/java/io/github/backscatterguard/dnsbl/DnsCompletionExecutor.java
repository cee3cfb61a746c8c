package io.github.backscatterguard.dnsbl;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that complete dnsjava's asynchronous queries (parse the answer, run the callbacks
 * chained on it), for every DNS client of the extension (DNSBL and SPF).
 * <p>
 * Why not dnsjava's default, the JDK's common pool: on a 2-core server the common pool has a
 * parallelism of 1, and the JDK then runs every asynchronous completion on a thread of its own, so
 * each uncached lookup started a new thread (measured: 500 threads for 500 queries). The work per
 * completion is microseconds and never blocks, so two daemon threads serve any load; they are
 * named so that they can be told apart in a thread dump.
 */
public final class DnsCompletionExecutor {
    private static final int THREADS = 2;

    private DnsCompletionExecutor() {
    }

    /** The shared executor, created on first use; its daemon threads never keep the JVM alive. */
    public static Executor get() {
        return Holder.EXECUTOR;
    }

    private static final class Holder {
        private static final AtomicInteger NEXT = new AtomicInteger(1);
        static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "backscatter-guard-dns-" + NEXT.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
    }
}
