package io.github.backscatterguard.cli;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.github.backscatterguard.ndr.MessageKind;

/** Counts the files of each kind, and the unreadable ones, for the summary printed at the end. */
final class KindSummary {
    private final Map<MessageKind, Integer> counts = new EnumMap<>(MessageKind.class);
    private int total;
    private int unreadable;

    void add(FileVerdict fileVerdict) {
        counts.merge(fileVerdict.verdict().kind(), 1, Integer::sum);
        total++;
        if (!fileVerdict.readable()) {
            unreadable++;
        }
    }

    int total() {
        return total;
    }

    int unreadable() {
        return unreadable;
    }

    int count(MessageKind kind) {
        return counts.getOrDefault(kind, 0);
    }

    /** One line per kind found, in the order of {@link MessageKind}, then the total and the time taken. */
    void print(PrintWriter err, long elapsedNanos) {
        for (Map.Entry<MessageKind, Integer> entry : counts.entrySet()) {
            err.printf(Locale.ROOT, "%-18s %8d%n", entry.getKey().code(), entry.getValue());
        }
        err.printf(Locale.ROOT, "%-18s %8d files in %.3f s", "total", total, elapsedNanos / 1e9);
        if (unreadable > 0) {
            err.printf(Locale.ROOT, " (%d could not be read, counted as regular)", unreadable);
        }
        err.println();
        err.flush();
    }
}
