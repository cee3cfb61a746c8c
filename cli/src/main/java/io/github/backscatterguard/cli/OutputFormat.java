package io.github.backscatterguard.cli;

/** The output forms of {@code classify}. */
enum OutputFormat {
    ALIGNED(new AlignedVerdictPrinter()),
    TSV(new TsvVerdictPrinter()),
    JSON(new JsonVerdictPrinter());

    private final VerdictPrinter printer;

    OutputFormat(VerdictPrinter printer) {
        this.printer = printer;
    }

    VerdictPrinter printer() {
        return printer;
    }
}
