package io.github.backscatterguard.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The administrator's command-line tool: tells which message files are bounces and why, and
 * whether an IP is listed in a DNSBL as the safe-mode matchers see it.
 *
 * <p>Exit codes: each command documents its own; 2 is always a usage error.
 */
@Command(name = "backscatter-guard",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    header = "Tells which mail messages are bounces (NDRs), and which IPs a DNSBL lists.",
    description = {
        "classify and explain read raw RFC 5322 message files (.eml, maildir files:",
        "one message per file) and classify each as the Backscatter Guard matcher",
        "in Apache James would, with the envelope sender unknown. Kinds: ndr, delay,",
        "success-dsn, auto-reply, mdn, feedback-report, other-report,",
        "challenge-response, regular.",
        "",
        "check-ip asks a DNSBL zone (default ips.backscatterer.org) about one IP,",
        "as the safe-mode matchers and hooks do, and tells whether safe mode would",
        "reject mail from a given envelope sender.",
        "",
        "Examples:",
        "  backscatter-guard classify --tsv /var/mail/quarantine > verdicts.tsv",
        "  backscatter-guard explain bounce.eml",
        "  backscatter-guard check-ip 192.0.2.1 --sender '<>'",
        "",
        "'backscatter-guard help COMMAND' shows the options of a command.",
        ""
    },
    subcommands = {ClassifyCommand.class, ExplainCommand.class, CheckIpCommand.class, BatvCommand.class, SpfCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:classify, explain: every file was read and classified%ncheck-ip: the IP is listed",
        "1:classify, explain: some file could not be read%ncheck-ip: the IP is not listed",
        "2:usage error (unknown option, missing argument, bad value)%ncheck-ip: also when the lookup failed (timeout, refused, bad answer...)"
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
