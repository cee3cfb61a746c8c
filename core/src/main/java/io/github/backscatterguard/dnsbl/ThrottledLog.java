package io.github.backscatterguard.dnsbl;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a warning at most once per key and period, so a dead resolver or a misbehaving zone writes
 * one line, not one per mail; the next line says how many were left out.
 */
final class ThrottledLog {
    private static final class Slot {
        volatile long lastLoggedNanos;
        final AtomicLong suppressed = new AtomicLong();
    }

    private final Logger logger;
    private final long periodNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    ThrottledLog(Logger logger, Duration period, LongSupplier nanoClock) {
        this.logger = logger;
        this.periodNanos = period.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Logs {@code message} unless {@code key} was logged less than a period ago. */
    void warn(String key, String message) {
        long now = nanoClock.getAsLong();
        boolean[] created = new boolean[1];
        Slot slot = slots.computeIfAbsent(key, k -> {
            created[0] = true;
            Slot s = new Slot();
            s.lastLoggedNanos = now;
            return s;
        });
        if (!created[0]) {
            synchronized (slot) {
                if (now - slot.lastLoggedNanos < periodNanos) {
                    slot.suppressed.incrementAndGet();
                    return;
                }
                slot.lastLoggedNanos = now;
            }
        }
        long leftOut = slot.suppressed.getAndSet(0);
        logger.warn("{}{}", message, leftOut == 0 ? "" : " (" + leftOut + " similar events since the last such line)");
    }
}
