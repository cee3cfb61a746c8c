package io.github.backscatterguard.cli;

import java.io.PrintWriter;

import io.github.backscatterguard.ndr.DeliveryReport;
import io.github.backscatterguard.ndr.Verdict;

/**
 * One JSON object per line (JSON Lines): {@code path}, {@code kind}, {@code evidence} (array) and
 * the delivery report's {@code failedRecipients}, {@code statusCodes} (arrays), {@code reportingMta}
 * and {@code diagnostic} (string or null).
 */
final class JsonVerdictPrinter implements VerdictPrinter {

    @Override
    public void print(FileVerdict fileVerdict, PrintWriter out) {
        Verdict verdict = fileVerdict.verdict();
        DeliveryReport report = verdict.report();
        out.print("{\"path\":" + Json.string(fileVerdict.path().toString())
            + ",\"kind\":" + Json.string(verdict.kind().code())
            + ",\"evidence\":" + Json.array(verdict.evidence())
            + ",\"failedRecipients\":" + Json.array(report.failedRecipients())
            + ",\"statusCodes\":" + Json.array(report.statusCodes())
            + ",\"reportingMta\":" + Json.string(report.reportingMta().orElse(null))
            + ",\"diagnostic\":" + Json.string(report.diagnostic().orElse(null))
            + "}\n");
    }
}
