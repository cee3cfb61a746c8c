package io.github.backscatterguard.cli;

import java.io.PrintWriter;
import java.util.Arrays;

import io.github.backscatterguard.ndr.MessageKind;

/**
 * The default, for a person: the kind in a column as wide as the longest kind, the path, then the
 * evidence in brackets. Control characters in names are shown escaped as in the TSV form.
 */
final class AlignedVerdictPrinter implements VerdictPrinter {
    private static final int KIND_WIDTH = Arrays.stream(MessageKind.values())
        .mapToInt(kind -> kind.code().length()).max().orElse(0);

    @Override
    public void print(FileVerdict fileVerdict, PrintWriter out) {
        String kind = fileVerdict.verdict().kind().code();
        StringBuilder line = new StringBuilder(kind);
        while (line.length() < KIND_WIDTH) {
            line.append(' ');
        }
        line.append("  ").append(TsvVerdictPrinter.escape(fileVerdict.path().toString()))
            .append("  [").append(TsvVerdictPrinter.escape(fileVerdict.verdict().evidenceText())).append("]\n");
        out.print(line);
    }
}
