package io.github.backscatterguard.cli;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Visits the message files named on the command line. A directory is walked recursively in name
 * order (so two runs print the same lines in the same order), yielding its regular files only;
 * symbolic links are followed, except into a directory that is already being walked (a loop).
 * A path that is not a directory is yielded as it is, even when missing (its reader reports it) or
 * special (so {@code /dev/stdin} works).
 */
final class MessageFileWalker {
    private static final Comparator<Path> BY_NAME = Comparator.comparing(path -> path.getFileName().toString());

    /** What the walk finds. */
    interface Visitor {
        /** A file to classify. */
        void file(Path file);

        /** A directory whose entries could not be listed. */
        void unlistableDirectory(Path directory, IOException cause);

        /** A link back into a directory being walked; skipped so the walk ends. */
        void loopSkipped(Path directory);
    }

    void walk(Path start, Visitor visitor) {
        if (Files.isDirectory(start)) {
            walkDirectory(start, new HashSet<>(), visitor);
        } else {
            visitor.file(start);
        }
    }

    private void walkDirectory(Path directory, Set<Object> ancestors, Visitor visitor) {
        Object identity;
        List<Path> entries;
        try {
            identity = identity(directory);
            if (ancestors.contains(identity)) {
                visitor.loopSkipped(directory);
                return;
            }
            entries = sortedEntries(directory);
        } catch (IOException e) {
            visitor.unlistableDirectory(directory, e);
            return;
        }
        ancestors.add(identity);
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                walkDirectory(entry, ancestors, visitor);
            } else if (Files.isRegularFile(entry)) {
                visitor.file(entry);
            }
            // Anything else (socket, fifo, device, dangling link) is not a message file.
        }
        ancestors.remove(identity);
    }

    private static List<Path> sortedEntries(Path directory) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (DirectoryIteratorException e) {
            throw e.getCause(); // an entry could not be read: the directory counts as unreadable
        }
        entries.sort(BY_NAME);
        return entries;
    }

    /** The identity of a directory however it is reached: its inode where the platform has one. */
    private static Object identity(Path directory) throws IOException {
        Object fileKey = Files.readAttributes(directory, BasicFileAttributes.class).fileKey();
        return fileKey != null ? fileKey : directory.toRealPath();
    }
}
