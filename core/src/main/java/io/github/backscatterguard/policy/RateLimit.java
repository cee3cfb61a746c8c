package io.github.backscatterguard.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.backscatterguard.config.Durations;

/**
 * A rate written as administrators write it: {@code COUNT/DURATION}, e.g. {@code 100/1h} or
 * {@code 20/10m}: at most COUNT messages per DURATION.
 */
public final class RateLimit {
    public static final int MAX_COUNT = 1_000_000;
    /** A window longer than a year limits nothing useful, and keeps the guard's nanosecond arithmetic far from overflow. */
    public static final Duration MAX_WINDOW = Duration.ofDays(365);
    public static final Duration MIN_WINDOW = Duration.ofMillis(1);
    static final String ACCEPTED = "COUNT/DURATION, COUNT a whole number from 1 to " + MAX_COUNT
        + " and DURATION a whole number followed by ms, s, m, h or d, from 1ms to 365d (e.g. 100/1h, 20/10m)";
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})\\s*/\\s*(\\S.*)");

    private final int count;
    private final Duration window;

    private RateLimit(int count, Duration window) {
        this.count = count;
        this.window = window;
    }

    public static RateLimit of(int count, Duration window) {
        Objects.requireNonNull(window, "window");
        if (!acceptable(count, window)) {
            throw new IllegalArgumentException("'" + count + "/" + window + "' is not a rate limit; accepted: " + ACCEPTED);
        }
        return new RateLimit(count, window);
    }

    /** Throws {@link IllegalArgumentException} naming the value and the accepted form. */
    public static RateLimit parse(String text) {
        Matcher matcher = FORM.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate limit; accepted: " + ACCEPTED);
        }
        Duration window;
        try {
            window = Durations.parse(matcher.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a rate limit; accepted: " + ACCEPTED, e);
        }
        int count = Integer.parseInt(matcher.group(1));
        if (!acceptable(count, window)) {
            throw new IllegalArgumentException("'" + text + "' is not a rate limit; accepted: " + ACCEPTED);
        }
        return new RateLimit(count, window);
    }

    private static boolean acceptable(int count, Duration window) {
        return count >= 1 && count <= MAX_COUNT
            && window.compareTo(MIN_WINDOW) >= 0 && window.compareTo(MAX_WINDOW) <= 0;
    }

    public int count() {
        return count;
    }

    public Duration window() {
        return window;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimit && ((RateLimit) o).count == count && ((RateLimit) o).window.equals(window);
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, window);
    }

    /** In the form {@link #parse} reads, with the largest whole unit: {@code 100/1h}, {@code 20/90s}. */
    @Override
    public String toString() {
        if (window.toNanos() % 1_000_000 != 0) {
            return count + "/" + window;
        }
        long millis = window.toMillis();
        long[] unitMillis = {86_400_000, 3_600_000, 60_000, 1_000};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (millis % unitMillis[i] == 0) {
                return count + "/" + millis / unitMillis[i] + units[i];
            }
        }
        return count + "/" + millis + "ms";
    }
}
