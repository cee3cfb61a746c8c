package io.github.backscatterguard.cli;

import java.io.PrintWriter;

/** Writes the verdict on each file to standard output, in one of the {@code classify} formats. */
interface VerdictPrinter {
    void print(FileVerdict fileVerdict, PrintWriter out);
}
