package io.github.backscatterguard.recipients;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recipient lists of a directory holding one file per domain, named {@code <domain>.txt}
 * (lower case, e.g. {@code customer.example.txt}; other names, such as an editor's backup
 * {@code customer.example.txt~}, are ignored). Format: see {@link RecipientListParser}.
 * <p>
 * Reload: {@link #start()} loads every file, then a daemon thread calls {@link #refresh()} every
 * reload interval. A refresh lists the directory and compares each file's modification time, size
 * and file key (inode) with those of its last load: only changed files are read. Polling, not a
 * {@code WatchService}: watch events are not delivered for bind-mounted, NFS or container volumes
 * (where such lists are usually provisioned) and need the same rescan after an overflow anyway,
 * while a stat of a few hundred files every few seconds costs nothing.
 * <p>
 * Safety:
 * <ul>
 *   <li>a list replaces the previous one only after the whole file parsed; a file that does not
 *       parse (half-written, mistyped, empty) keeps the previous list and logs one WARN naming the
 *       file, line and reason (once per version of the file);</li>
 *   <li>a file that changes while it is being read is left for the next refresh;</li>
 *   <li>a file that cannot be read at all, or a directory that cannot be listed, leaves its
 *       domain(s) without a list: their recipients are accepted (the downstream server still
 *       validates), never all refused; one WARN is logged;</li>
 *   <li>a deleted file removes its domain's list.</li>
 * </ul>
 * Writers should still write a temporary file and rename it over the list (an atomic replace), as
 * {@link RecipientListEditor} does.
 * <p>
 * Thread-safe: lookups read immutable {@link RecipientList}s from a concurrent map, never a file.
 */
public final class RecipientListStore implements AutoCloseable {
    /** The file name of a domain's list is the domain followed by this suffix. */
    public static final String FILE_SUFFIX = ".txt";
    /** A larger file is refused (keeps the previous list). */
    static final long MAX_FILE_BYTES = RecipientListParser.MAX_LIST_BYTES;

    private static final Logger LOGGER = LoggerFactory.getLogger(RecipientListStore.class);

    private final Path directory;
    private final RecipientListParser parser;
    private final Duration reloadInterval;
    private final Map<String, RecipientList> lists = new ConcurrentHashMap<>();
    /** The version of each domain's file last dealt with (loaded, refused or unreadable); refresh thread only. */
    private final Map<String, FileVersion> seen = new HashMap<>();
    private final Set<String> ignoredNames = new HashSet<>();
    private boolean directoryUnreadable;
    private ScheduledExecutorService reloader;

    public RecipientListStore(Path directory, LocalPartRules rules, Duration reloadInterval) {
        if (reloadInterval.isZero() || reloadInterval.isNegative()) {
            throw new IllegalArgumentException("reload interval must be positive, got " + reloadInterval);
        }
        this.directory = Objects.requireNonNull(directory);
        this.parser = new RecipientListParser(rules);
        this.reloadInterval = reloadInterval;
    }

    /** Loads the lists now, then starts the background reload. Never throws for unreadable files. */
    public synchronized void start() {
        if (reloader != null) {
            throw new IllegalStateException("already started");
        }
        refresh();
        reloader = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "backscatter-guard-recipient-lists");
            thread.setDaemon(true);
            return thread;
        });
        long millis = reloadInterval.toMillis();
        reloader.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the background reload; lookups keep answering from the lists in force. */
    @Override
    public synchronized void close() {
        if (reloader != null) {
            reloader.shutdownNow();
        }
    }

    public Path directory() {
        return directory;
    }

    /** How this store compares local parts. */
    public LocalPartRules rules() {
        return parser.rules();
    }

    public Duration reloadInterval() {
        return reloadInterval;
    }

    /** What the lists say about {@code localPart@domain}. No I/O. */
    public RecipientVerdict verdict(String localPart, String domain) {
        RecipientList list = lists.get(domain.toLowerCase(Locale.ROOT));
        if (list == null) {
            return RecipientVerdict.NO_LIST;
        }
        return list.accepts(localPart) ? RecipientVerdict.ACCEPT : RecipientVerdict.REJECT;
    }

    /** What the lists say about an address {@code local@domain}; one without {@code @} has no list. */
    public RecipientVerdict verdict(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? RecipientVerdict.NO_LIST : verdict(address.substring(0, at), address.substring(at + 1));
    }

    /** The lists in force, by domain. */
    public Map<String, RecipientList> lists() {
        return new TreeMap<>(lists);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // A bug here must not kill the schedule: the lists in force stay, the next run retries.
            LOGGER.warn("Recipient lists: refresh of {} failed; keeping the lists in force: {}", directory, e.toString());
        }
    }

    /** Brings the lists in line with the directory: reads new and changed files, drops deleted ones. */
    public synchronized void refresh() {
        Map<String, Path> files;
        try {
            files = listFiles();
        } catch (IOException e) {
            if (!directoryUnreadable) {
                LOGGER.warn("Recipient lists: cannot read directory {} ({}); no list in force, all recipients accepted", directory, e.toString());
            }
            directoryUnreadable = true;
            lists.clear();
            seen.clear();
            return;
        }
        if (directoryUnreadable) {
            LOGGER.info("Recipient lists: directory {} readable again", directory);
            directoryUnreadable = false;
        }
        for (String domain : new HashSet<>(seen.keySet())) {
            if (!files.containsKey(domain)) {
                seen.remove(domain);
                if (lists.remove(domain) != null) {
                    LOGGER.info("Recipient lists: {} deleted; {} has no list any more", directory.resolve(domain + FILE_SUFFIX), domain);
                }
            }
        }
        files.forEach(this::refreshDomain);
    }

    private Map<String, Path> listFiles() throws IOException {
        Map<String, Path> files = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + FILE_SUFFIX)) {
            for (Path file : entries) {
                String name = file.getFileName().toString();
                String domain = name.substring(0, name.length() - FILE_SUFFIX.length());
                try {
                    files.put(RecipientListParser.normalizeDomain(domain), file);
                } catch (IllegalArgumentException e) {
                    if (ignoredNames.add(name)) {
                        LOGGER.warn("Recipient lists: ignoring {}: {}", file, e.getMessage());
                    }
                }
            }
        }
        return files;
    }

    private void refreshDomain(String domain, Path file) {
        FileVersion before;
        byte[] content;
        try {
            before = FileVersion.of(file);
            if (before.equals(seen.get(domain))) {
                return;
            }
            if (before.size > MAX_FILE_BYTES) {
                refuse(domain, before, file + ": " + before.size + " bytes, more than the " + MAX_FILE_BYTES + " accepted");
                return;
            }
            content = Files.readAllBytes(file);
            if (!before.equals(FileVersion.of(file))) {
                return; // being written: the next refresh reads the finished file
            }
        } catch (IOException e) {
            lists.remove(domain);
            if (seen.put(domain, FileVersion.UNREADABLE) != FileVersion.UNREADABLE) { // once, not every refresh
                LOGGER.warn("Recipient lists: cannot read {} ({}); no list in force for {}, its recipients are accepted",
                    file, e.toString(), domain);
            }
            return;
        }
        try {
            RecipientList list = parser.parse(domain, file.toString(), content);
            RecipientList previous = lists.put(domain, list);
            seen.put(domain, before);
            LOGGER.info("Recipient lists: {} {} ({} addresses{})", previous == null ? "loaded" : "reloaded", file, list.size(),
                list.hasCatchAll() ? " and a catch-all" : "");
        } catch (RecipientListException e) {
            refuse(domain, before, e.getMessage());
        }
    }

    /** @param reason starts with the file's name */
    private void refuse(String domain, FileVersion version, String reason) {
        seen.put(domain, version);
        RecipientList previous = lists.get(domain);
        LOGGER.warn("Recipient lists: refused {}; {}", reason,
            previous == null ? "no list in force for " + domain + ", its recipients are accepted"
                : "keeping the previous list (" + previous.size() + " addresses)");
    }

    /** What tells one version of a file from the next without reading it. */
    private static final class FileVersion {
        static final FileVersion UNREADABLE = new FileVersion(-1, -1, null);

        final long modifiedNanos;
        final long size;
        final Object fileKey;

        private FileVersion(long modifiedNanos, long size, Object fileKey) {
            this.modifiedNanos = modifiedNanos;
            this.size = size;
            this.fileKey = fileKey;
        }

        static FileVersion of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new IOException("not a regular file");
            }
            return new FileVersion(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS), attributes.size(), attributes.fileKey());
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof FileVersion)) {
                return false;
            }
            FileVersion that = (FileVersion) other;
            return modifiedNanos == that.modifiedNanos && size == that.size && Objects.equals(fileKey, that.fileKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(modifiedNanos, size, fileKey);
        }
    }
}
