package io.github.backscatterguard.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A progress count kept on the last line of a terminal during long runs. Silent for the first
 * second, so short runs stay clean; its text changes at most four times a second. The results go to
 * the same terminal (System.console() exists only when stdout is one too), so the line is erased
 * before each result is printed and drawn again below it.
 */
final class ProgressLine {
    private static final long FIRST_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean enabled;
    private final long startNanos;
    private long nextNanos;
    private String text;
    private boolean visible;

    ProgressLine(PrintWriter out, PrintWriter err, boolean enabled, long startNanos) {
        this.out = out;
        this.err = err;
        this.enabled = enabled;
        this.startNanos = startNanos;
        this.nextNanos = startNanos + FIRST_AFTER_NANOS;
    }

    /** Erases the line, if shown, before anything else is printed to the terminal. */
    void hide() {
        if (visible) {
            err.print('\r' + " ".repeat(text.length()) + '\r');
            err.flush();
            visible = false;
        }
    }

    /** Shows the count below the results printed so far, once the run has lasted a second. */
    void show(int filesDone) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - nextNanos >= 0) {
            double seconds = (now - startNanos) / 1e9;
            text = String.format(Locale.ROOT, "%d files, %.1f s, %.0f files/s", filesDone, seconds, filesDone / seconds);
            nextNanos = now + EVERY_NANOS;
        }
        if (text == null) {
            return;
        }
        hide();
        out.flush(); // the results printed so far come first, above the line
        err.print('\r' + text);
        err.flush();
        visible = true;
    }
}
