package io.github.backscatterguard.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The labelled corpus, read into memory: every file named in {@code files.lst}, with its row of
 * {@code manifest.tsv}. The folder is the system property {@code corpus.dir}, by default
 * {@code ../shared/corpus} relative to the working directory (the project root).
 */
final class Corpus {
    static final String DIR_PROPERTY = "corpus.dir";
    static final String DEFAULT_DIR = "../shared/corpus";

    // manifest.tsv columns (see the corpus README)
    private static final int PATH = 3;
    private static final int IS_BOUNCE = 5;
    private static final int CLASS = 6;
    private static final int BODY_ONLY = 10;

    /** One message of the corpus. */
    static final class Entry {
        final String path;
        final String label;
        final boolean bounce;
        final boolean bodyOnly;
        final byte[] bytes;

        Entry(String path, String label, boolean bounce, boolean bodyOnly, byte[] bytes) {
            this.path = path;
            this.label = label;
            this.bounce = bounce;
            this.bodyOnly = bodyOnly;
            this.bytes = bytes;
        }
    }

    private final List<Entry> entries;

    private Corpus(List<Entry> entries) {
        this.entries = entries;
    }

    static Corpus load() {
        Path dir = Paths.get(System.getProperty(DIR_PROPERTY, DEFAULT_DIR)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("files.lst")) || !Files.isRegularFile(dir.resolve("manifest.tsv"))) {
            throw new IllegalStateException("No corpus (files.lst and manifest.tsv) in " + dir
                + "; run from the project root or pass -D" + DIR_PROPERTY + "=/path/to/corpus");
        }
        try {
            Map<String, String[]> manifest = new HashMap<>();
            for (String line : Files.readAllLines(dir.resolve("manifest.tsv"), StandardCharsets.UTF_8)) {
                String[] columns = line.split("\t", -1);
                manifest.put(columns[PATH], columns);
            }
            List<Entry> entries = new ArrayList<>();
            for (String file : Files.readAllLines(dir.resolve("files.lst"), StandardCharsets.UTF_8)) {
                if (file.isEmpty()) {
                    continue;
                }
                String[] row = manifest.get(file);
                if (row == null) {
                    throw new IllegalStateException("files.lst names " + file + ", manifest.tsv does not");
                }
                entries.add(new Entry(file, row[CLASS], "1".equals(row[IS_BOUNCE]), "1".equals(row[BODY_ONLY]),
                    Files.readAllBytes(dir.resolve(file))));
            }
            return new Corpus(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The messages matching {@code filter}, in the order of {@code files.lst}. */
    byte[][] messages(Predicate<Entry> filter) {
        byte[][] selected = entries.stream().filter(filter).map(entry -> entry.bytes).toArray(byte[][]::new);
        if (selected.length == 0) {
            throw new IllegalStateException("no corpus message matches the selection");
        }
        return selected;
    }

    static boolean any(Entry entry) {
        return true;
    }

    /** Complete messages labelled ham or spam: mail a person or a program wrote, not a report. */
    static boolean regular(Entry entry) {
        return !entry.bodyOnly && !entry.bounce && ("ham".equals(entry.label) || "spam".equals(entry.label));
    }

    /** Complete messages labelled as non-delivery reports. */
    static boolean ndr(Entry entry) {
        return !entry.bodyOnly && entry.bounce && "ndr".equals(entry.label);
    }
}
