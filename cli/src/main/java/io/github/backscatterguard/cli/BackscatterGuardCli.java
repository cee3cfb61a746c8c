package io.github.backscatterguard.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The administrator's command-line tool: tells which message files are bounces and why.
 *
 * <p>Exit codes: 0 when every file was read and classified, 1 when some could not be, 2 for a
 * usage error.
 */
@Command(name = "backscatter-guard",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    header = "Tells which mail messages are bounces (NDRs) or other notifications, and why.",
    description = {
        "Reads raw RFC 5322 message files (.eml, maildir files: one message per file)",
        "and classifies each as the Backscatter Guard matcher in Apache James would,",
        "with the envelope sender unknown. Kinds: ndr, delay, success-dsn,",
        "auto-reply, mdn, feedback-report, other-report, challenge-response, regular.",
        "",
        "Examples:",
        "  backscatter-guard classify --tsv /var/mail/quarantine > verdicts.tsv",
        "  backscatter-guard explain bounce.eml",
        ""
    },
    subcommands = {ClassifyCommand.class, ExplainCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every file was read and classified",
        "1:some file could not be read (reported as kind regular, evidence error:<reason>)",
        "2:usage error (unknown option, missing argument)"
    })
public final class BackscatterGuardCli {

    /** Exit code when some file could not be read or classified. */
    static final int EXIT_UNREADABLE = 1;

    public static void main(String[] args) {
        // Buffered stdout: tens of thousands of result lines must not cost a system call each.
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out), 1 << 16), false);
        CommandLine commandLine = commandLine().setOut(out);
        int exitCode = commandLine.execute(args);
        out.flush();
        System.exit(exitCode);
    }

    /** The configured command line; tests redirect its output with setOut/setErr. */
    static CommandLine commandLine() {
        return new CommandLine(new BackscatterGuardCli());
    }
}
