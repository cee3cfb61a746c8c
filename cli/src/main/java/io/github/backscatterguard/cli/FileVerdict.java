package io.github.backscatterguard.cli;

import java.nio.file.Path;
import java.util.Objects;

import io.github.backscatterguard.ndr.Verdict;

/**
 * The verdict on one file, and whether the file could be read at all. An unreadable file gets kind
 * {@code regular} with the evidence {@code error:<reason>}: the run goes on, the exit code says so.
 */
final class FileVerdict {
    private final Path path;
    private final Verdict verdict;
    private final boolean readable;

    FileVerdict(Path path, Verdict verdict, boolean readable) {
        this.path = Objects.requireNonNull(path, "path");
        this.verdict = Objects.requireNonNull(verdict, "verdict");
        this.readable = readable;
    }

    Path path() {
        return path;
    }

    Verdict verdict() {
        return verdict;
    }

    boolean readable() {
        return readable;
    }
}
