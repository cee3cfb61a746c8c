package io.github.backscatterguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class CliProgressLineTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void staysSilentWhenNotOnATerminal() {
        ProgressLine progress = new ProgressLine(new PrintWriter(out), new PrintWriter(err), false, startedMinutesAgo());

        progress.show(10);
        progress.hide();

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void staysSilentDuringTheFirstSecond() {
        ProgressLine progress = new ProgressLine(new PrintWriter(out), new PrintWriter(err), true, System.nanoTime() + TimeUnit.HOURS.toNanos(1));

        progress.show(10);

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void drawsTheCountInPlaceAndErasesItBeforeTheNextResult() {
        PrintWriter outWriter = new PrintWriter(out);
        ProgressLine progress = new ProgressLine(outWriter, new PrintWriter(err), true, startedMinutesAgo());
        outWriter.print("a result\n");

        progress.show(10);
        assertThat(out.toString()).isEqualTo("a result\n");
        assertThat(err.toString()).startsWith("\r10 files, ").doesNotContain("\n");
        String drawn = err.toString().substring(1);

        progress.hide();
        assertThat(err.toString()).endsWith("\r" + " ".repeat(drawn.length()) + "\r");
        progress.hide();
        assertThat(err.toString()).hasSize(1 + drawn.length() + 2 + drawn.length());
    }

    private static long startedMinutesAgo() {
        return System.nanoTime() - TimeUnit.MINUTES.toNanos(2);
    }
}
