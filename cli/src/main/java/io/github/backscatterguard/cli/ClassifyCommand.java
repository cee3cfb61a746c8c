package io.github.backscatterguard.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.github.backscatterguard.ndr.NdrClassifier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code classify}: the kind and evidence of every message file given or found in the directories given. */
@Command(name = "classify",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    header = "Classifies message files: one result per file, a summary by kind on stderr.",
    description = {
        "Each FILE is one raw message (RFC 5322). Each DIR is walked recursively in",
        "name order, taking its regular files; symbolic links are followed, never",
        "into a loop. The envelope sender is unknown, so the verdict rests on the",
        "message alone (Return-Path, headers, MIME structure, DSN fields). Only a",
        "bounded prefix of each file is read: a 50 MB file costs about what a small",
        "one does.",
        "",
        "A file that cannot be read is reported as kind 'regular' with evidence",
        "'error:<reason>' (e.g. error:NoSuchFileException), and the run goes on.",
        "",
        "Output on stdout:",
        "  (default)  kind, path and [evidence] in aligned columns, for reading",
        "  --tsv      path<TAB>kind<TAB>evidence, exactly one line per file; the",
        "             evidence is comma-separated; a backslash, tab, CR or LF in a",
        "             field is written as \\\\, \\t, \\r or \\n",
        "  --json     one JSON object per line: path, kind, evidence[],",
        "             failedRecipients[], statusCodes[], reportingMta, diagnostic",
        "             (null when absent)",
        "On stderr: a summary (files per kind, total, elapsed time), and on a",
        "terminal a progress line during long runs.",
        ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every file was read and classified",
        "1:some file or directory could not be read (see error:<reason> in the output)",
        "2:usage error"
    })
final class ClassifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private FormatOption format = new FormatOption();

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Message files, or directories of them.")
    private List<Path> paths;

    /** Shows the progress line; only when a person watches a terminal. */
    boolean progressEnabled = System.console() != null;

    static final class FormatOption {
        @Option(names = "--tsv", description = "Tab-separated: path<TAB>kind<TAB>evidence, one line per file.")
        boolean tsv;

        @Option(names = "--json", description = "JSON Lines: one object per file with the DSN fields.")
        boolean json;

        OutputFormat selected() {
            return tsv ? OutputFormat.TSV : json ? OutputFormat.JSON : OutputFormat.ALIGNED;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        VerdictPrinter printer = format.selected().printer();
        MessageFileClassifier classifier = new MessageFileClassifier(new NdrClassifier());
        KindSummary summary = new KindSummary();
        long start = System.nanoTime();
        ProgressLine progress = new ProgressLine(out, err, progressEnabled, start);

        MessageFileWalker.Visitor visitor = new MessageFileWalker.Visitor() {
            @Override
            public void file(Path file) {
                record(classifier.classify(file));
            }

            @Override
            public void unlistableDirectory(Path directory, IOException cause) {
                record(MessageFileClassifier.unreadable(directory, cause));
            }

            @Override
            public void loopSkipped(Path directory) {
                progress.hide();
                out.flush();
                err.println("skipped " + directory + ": a link back into a directory already being walked");
                err.flush();
            }

            private void record(FileVerdict fileVerdict) {
                progress.hide();
                printer.print(fileVerdict, out);
                summary.add(fileVerdict);
                progress.show(summary.total());
            }
        };
        MessageFileWalker walker = new MessageFileWalker();
        for (Path path : paths) {
            walker.walk(path, visitor);
        }
        progress.hide();
        out.flush();
        summary.print(err, System.nanoTime() - start);
        return summary.unreadable() == 0 ? 0 : BackscatterGuardCli.EXIT_UNREADABLE;
    }
}
