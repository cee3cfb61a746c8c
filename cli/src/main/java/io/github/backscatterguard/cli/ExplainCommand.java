package io.github.backscatterguard.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.github.backscatterguard.ndr.DeliveryReport;
import io.github.backscatterguard.ndr.MessageKind;
import io.github.backscatterguard.ndr.NdrClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code explain}: the verdict on one message, its evidence and the delivery report, for a person. */
@Command(name = "explain",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Explains the verdict on one message file: kind, evidence, DSN fields.",
    description = {
        "Shows why the classifier says what it says: the kind, the evidence one per",
        "line (e.g. multipart/report;report-type=delivery-status, action=failed,",
        "status=5.1.1), and what the delivery report says: failed recipients,",
        "status codes, reporting MTA and diagnostic. The envelope sender is unknown.",
        ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the file was read and classified",
        "1:the file could not be read (shown as kind regular, evidence error:<reason>)",
        "2:usage error (e.g. FILE is a directory)"
    })
final class ExplainCommand implements Callable<Integer> {
    private static final String NOT_FOUND = "(none found)";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "One raw message file (RFC 5322).")
    private Path file;

    @Override
    public Integer call() {
        if (Files.isDirectory(file)) {
            throw new ParameterException(spec.commandLine(),
                "explain takes one message file, but " + file + " is a directory; use 'classify' for directories");
        }
        FileVerdict fileVerdict = new MessageFileClassifier(new NdrClassifier()).classify(file);
        print(fileVerdict, spec.commandLine().getOut());
        return fileVerdict.readable() ? 0 : BackscatterGuardCli.EXIT_UNREADABLE;
    }

    private static void print(FileVerdict fileVerdict, PrintWriter out) {
        MessageKind kind = fileVerdict.verdict().kind();
        DeliveryReport report = fileVerdict.verdict().report();
        out.println("File:     " + fileVerdict.path());
        out.println("Kind:     " + kind.code() + " - "
            + (fileVerdict.readable() ? meaning(kind) : "the file could not be read, so nothing is known of it"));
        out.println("Bounce:   " + (kind.isBounce() ? "yes (a backscatter filter acts on it)" : "no"));
        out.println("Evidence:");
        List<String> evidence = fileVerdict.verdict().evidence();
        if (evidence.isEmpty()) {
            out.println("  " + NOT_FOUND);
        }
        for (String item : evidence) {
            out.println("  - " + item);
        }
        out.println("Delivery report:");
        out.println("  Failed recipients: " + joined(report.failedRecipients()));
        out.println("  Status codes:      " + joined(report.statusCodes()));
        out.println("  Reporting MTA:     " + report.reportingMta().orElse(NOT_FOUND));
        out.println("  Diagnostic:        " + report.diagnostic().orElse(NOT_FOUND));
        out.flush();
    }

    private static String joined(List<String> values) {
        return values.isEmpty() ? NOT_FOUND : String.join(", ", values);
    }

    private static String meaning(MessageKind kind) {
        switch (kind) {
            case NDR:
                return "a non-delivery report: delivery failed permanently";
            case DELAY:
                return "a delayed-delivery report: the MTA is still trying";
            case SUCCESS_DSN:
                return "a delivery status notification reporting success";
            case AUTO_REPLY:
                return "an automatic reply, e.g. a vacation message (RFC 3834)";
            case MDN:
                return "a message disposition notification (read receipt)";
            case FEEDBACK_REPORT:
                return "an abuse feedback report (ARF, RFC 5965)";
            case OTHER_REPORT:
                return "another machine-generated report (DMARC, TLS reporting, ...)";
            case CHALLENGE_RESPONSE:
                return "a challenge from a challenge-response anti-spam system";
            case REGULAR:
            default:
                return "an ordinary message, not a notification";
        }
    }
}
