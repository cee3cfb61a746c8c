package io.github.backscatterguard.recipients;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the files of a {@link RecipientListStore}'s directory on behalf of an administrator
 * (the WebAdmin route), so that an upload takes effect at once and can never leave a domain with a
 * partial list:
 * <ul>
 *   <li>a new list is parsed in full before anything is written; a bad one changes nothing;</li>
 *   <li>it is written to a temporary file in the same directory (a name the store ignores),
 *       forced to disk, then renamed over {@code <domain>.txt} in one atomic step;</li>
 *   <li>the store then reloads, so the next RCPT sees the new list.</li>
 * </ul>
 * Files edited by hand in the same directory keep working: the store picks them up on its own.
 * Thread-safe: changes are serialised.
 */
public final class RecipientListEditor {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecipientListEditor.class);
    /** Temporary files start with a dot and do not end in .txt, so the store never reads one. */
    private static final String TEMPORARY_PREFIX = ".upload-";

    private final RecipientListStore store;
    private final RecipientListParser parser;

    public RecipientListEditor(RecipientListStore store) {
        this.store = store;
        this.parser = new RecipientListParser(store.rules());
    }

    /**
     * Replaces the list of {@code domain} by {@code content} (the text form of
     * {@link RecipientListParser}).
     *
     * @return the list now in force
     * @throws RecipientListException if the domain is not a domain name or the content is not a
     *                                valid list (too large, a bad line, empty); nothing changed
     * @throws IOException            if the file could not be written; nothing changed
     */
    public synchronized RecipientList replace(String domain, byte[] content) throws RecipientListException, IOException {
        String normalized = normalize(domain);
        if (content.length > RecipientListParser.MAX_LIST_BYTES) {
            throw new RecipientListException("the list", 0, null, content.length + " bytes, more than the "
                + RecipientListParser.MAX_LIST_BYTES + " accepted");
        }
        RecipientList list = parser.parse(normalized, "the list", content);
        Path target = fileOf(normalized);
        Path temporary = Files.createTempFile(store.directory(), TEMPORARY_PREFIX + normalized + "-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true); // on disk before the rename makes it the list
            }
            moveAtomically(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
        store.refresh();
        LOGGER.info("Recipient lists: {} replaced through the administration interface ({} addresses{})", target, list.size(),
            list.hasCatchAll() ? " and a catch-all" : "");
        return list;
    }

    /**
     * Removes the list of {@code domain}: its recipients are no longer checked.
     *
     * @return whether there was a file to remove
     */
    public synchronized boolean remove(String domain) throws RecipientListException, IOException {
        Path target = fileOf(normalize(domain));
        boolean removed = Files.deleteIfExists(target);
        store.refresh();
        if (removed) {
            LOGGER.info("Recipient lists: {} deleted through the administration interface", target);
        }
        return removed;
    }

    /** The file of {@code domain} as it is on disk (comments included), if there is one. */
    public Optional<byte[]> read(String domain) throws RecipientListException, IOException {
        try {
            return Optional.of(Files.readAllBytes(fileOf(normalize(domain))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static String normalize(String domain) throws RecipientListException {
        try {
            return RecipientListParser.normalizeDomain(domain);
        } catch (IllegalArgumentException e) {
            throw new RecipientListException("the domain", 0, null, e.getMessage());
        }
    }

    private Path fileOf(String normalizedDomain) {
        return store.directory().resolve(normalizedDomain + RecipientListStore.FILE_SUFFIX);
    }

    private static void moveAtomically(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so only exotic file systems get here; never fall back to a non-atomic copy.
            throw new IOException("cannot replace " + target + " atomically on this file system: " + e.getMessage(), e);
        }
    }
}
