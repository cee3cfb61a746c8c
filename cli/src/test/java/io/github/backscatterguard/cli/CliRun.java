package io.github.backscatterguard.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import picocli.CommandLine;

/** Runs the command line in this JVM with stdout and stderr captured. */
final class CliRun {
    final int exitCode;
    final String out;
    final String err;

    private CliRun(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = BackscatterGuardCli.commandLine()
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** Stdout split at line feeds only (the TSV and JSON line terminator); no trailing empty line. */
    List<String> outLines() {
        if (out.isEmpty()) {
            return List.of();
        }
        String body = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
        return Arrays.asList(body.split("\n", -1));
    }
}
