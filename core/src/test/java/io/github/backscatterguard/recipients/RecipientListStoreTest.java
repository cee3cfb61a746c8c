package io.github.backscatterguard.recipients;

import static io.github.backscatterguard.recipients.RecipientVerdict.ACCEPT;
import static io.github.backscatterguard.recipients.RecipientVerdict.NO_LIST;
import static io.github.backscatterguard.recipients.RecipientVerdict.REJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, reloading and failing safe, against real files; refresh() is called directly (no waiting on the timer). */
class RecipientListStoreTest {
    @TempDir
    Path directory;
    private RecipientListStore store;
    /** Each write gets a later modification time, so a rewrite is seen even on a file system with coarse times. */
    private Instant nextModified = Instant.parse("2026-01-01T00:00:00Z");

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private Path write(String fileName, String text) throws IOException {
        Path file = directory.resolve(fileName);
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(file, FileTime.from(nextModified));
        nextModified = nextModified.plusSeconds(1);
        return file;
    }

    private RecipientListStore started(Path dir) {
        store = new RecipientListStore(dir, LocalPartRules.DEFAULT, Duration.ofHours(1));
        store.start();
        return store;
    }

    @Test
    void loadsOneListPerDomainAtStart() throws Exception {
        write("customer.example.txt", "alice@customer.example\nbob@customer.example\n");
        write("other.example.txt", "*@other.example\n");

        started(directory);

        assertThat(store.verdict("alice@customer.example")).isEqualTo(ACCEPT);
        assertThat(store.verdict("ALICE+news@Customer.Example")).isEqualTo(ACCEPT);
        assertThat(store.verdict("mallory@customer.example")).isEqualTo(REJECT);
        assertThat(store.verdict("anyone@other.example")).isEqualTo(ACCEPT);
        assertThat(store.verdict("alice@unlisted.example")).isEqualTo(NO_LIST);
        assertThat(store.verdict("alice@sub.customer.example")).isEqualTo(NO_LIST);
        assertThat(store.verdict("mallory", "customer.example")).isEqualTo(REJECT);
        assertThat(store.verdict("no-at-sign")).isEqualTo(NO_LIST);
        assertThat(store.lists()).containsOnlyKeys("customer.example", "other.example");
        assertThat(store.lists().get("customer.example").size()).isEqualTo(2);
    }

    @Test
    void ignoresFilesThatAreNotNamedAfterADomain() throws Exception {
        write("customer.example.txt~", "alice@customer.example\n");
        write("customer.example", "alice@customer.example\n");
        write("not_a_domain.txt", "alice@not_a_domain\n");
        write(".customer.example.txt.swp", "alice@customer.example\n");

        started(directory);

        assertThat(store.lists()).isEmpty();
        assertThat(store.verdict("mallory@customer.example")).isEqualTo(NO_LIST);
    }

    @Test
    void fileNameIsCaseInsensitive() throws Exception {
        write("Customer.Example.txt", "alice@customer.example\n");

        started(directory);

        assertThat(store.verdict("mallory@customer.example")).isEqualTo(REJECT);
    }

    @Test
    void picksUpAChangedFile() throws Exception {
        write("customer.example.txt", "alice@customer.example\n");
        started(directory);

        write("customer.example.txt", "bob@customer.example\n");
        store.refresh();

        assertThat(store.verdict("bob@customer.example")).isEqualTo(ACCEPT);
        assertThat(store.verdict("alice@customer.example")).isEqualTo(REJECT);
    }

    @Test
    void picksUpAFileReplacedByRename() throws Exception {
        write("customer.example.txt", "alice@customer.example\n");
        started(directory);

        Path temporary = write("upload.tmp", "bob@customer.example\n");
        Files.move(temporary, directory.resolve("customer.example.txt"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        store.refresh();

        assertThat(store.verdict("bob@customer.example")).isEqualTo(ACCEPT);
        assertThat(store.verdict("alice@customer.example")).isEqualTo(REJECT);
    }

    @Test
    void picksUpANewFileAndLeavesOtherDomainsAlone() throws Exception {
        write("customer.example.txt", "alice@customer.example\n");
        started(directory);

        write("new.example.txt", "carol@new.example\n");
        store.refresh();

        assertThat(store.verdict("mallory@new.example")).isEqualTo(REJECT);
        assertThat(store.verdict("alice@customer.example")).isEqualTo(ACCEPT);
        assertThat(store.verdict("mallory@customer.example")).isEqualTo(REJECT);
    }

    @Test
    void brokenFileKeepsThePreviousList() throws Exception {
        write("customer.example.txt", "alice@customer.example\nbob@customer.example\n");
        started(directory);

        write("customer.example.txt", "alice@customer.example\nbob@custo"); // half-written
        store.refresh();
        assertThat(store.verdict("bob@customer.example")).isEqualTo(ACCEPT);
        assertThat(store.verdict("mallory@customer.example")).isEqualTo(REJECT);

        write("customer.example.txt", ""); // truncated before rewrite
        store.refresh();
        assertThat(store.verdict("bob@customer.example")).isEqualTo(ACCEPT);
        assertThat(store.verdict("mallory@customer.example")).isEqualTo(REJECT);

        write("customer.example.txt", "alice@customer.example\nbob@customer.example\ncarol@customer.example\n"); // fixed
        store.refresh();
        assertThat(store.verdict("carol@customer.example")).isEqualTo(ACCEPT);
    }

    @Test
    void brokenFileAtStartLeavesTheDomainWithoutList() throws Exception {
        write("customer.example.txt", "alice@customer.example\nnot an address\n");
        write("other.example.txt", "alice@other.example\n");

        started(directory);

        assertThat(store.verdict("mallory@customer.example")).isEqualTo(NO_LIST);
        assertThat(store.verdict("mallory@other.example")).isEqualTo(REJECT);
    }

    @Test
    void deletedFileRemovesTheList() throws Exception {
        write("customer.example.txt", "alice@customer.example\n");
        write("other.example.txt", "alice@other.example\n");
        started(directory);

        Files.delete(directory.resolve("customer.example.txt"));
        store.refresh();

        assertThat(store.verdict("mallory@customer.example")).isEqualTo(NO_LIST);
        assertThat(store.verdict("mallory@other.example")).isEqualTo(REJECT);
        assertThat(store.lists()).containsOnlyKeys("other.example");
    }

    @Test
    void missingDirectoryMeansNoListsAndIsPickedUpOnceCreated() throws Exception {
        Path missing = directory.resolve("not-yet");

        started(missing);
        assertThat(store.verdict("mallory@customer.example")).isEqualTo(NO_LIST);

        Files.createDirectory(missing);
        Files.write(missing.resolve("customer.example.txt"), "alice@customer.example\n".getBytes(StandardCharsets.UTF_8));
        store.refresh();
        assertThat(store.verdict("mallory@customer.example")).isEqualTo(REJECT);
    }

    @Test
    void directoryThatCannotBeListedDropsAllListsInsteadOfRejecting() throws Exception {
        Path lists = Files.createDirectory(directory.resolve("lists"));
        Files.write(lists.resolve("customer.example.txt"), "alice@customer.example\n".getBytes(StandardCharsets.UTF_8));
        started(lists);
        assertThat(store.verdict("mallory@customer.example")).isEqualTo(REJECT);

        // Replaced by a regular file: listing it fails, as for a directory without read permission
        // (which root, running these tests in CI, could read anyway).
        Files.delete(lists.resolve("customer.example.txt"));
        Files.delete(lists);
        Files.write(lists, "not a directory".getBytes(StandardCharsets.UTF_8));
        store.refresh();

        assertThat(store.verdict("mallory@customer.example")).isEqualTo(NO_LIST);
    }

    @Test
    void unreadableFileLeavesTheDomainWithoutListAndIsRetried() throws Exception {
        write("customer.example.txt", "alice@customer.example\n");
        started(directory);
        assertThat(store.verdict("mallory@customer.example")).isEqualTo(REJECT);

        // A dangling link cannot be read by anyone, root included.
        Files.delete(directory.resolve("customer.example.txt"));
        Files.createSymbolicLink(directory.resolve("customer.example.txt"), directory.resolve("gone.txt.target"));
        store.refresh();
        assertThat(store.verdict("mallory@customer.example")).isEqualTo(NO_LIST);

        Files.write(directory.resolve("gone.txt.target"), "alice@customer.example\n".getBytes(StandardCharsets.UTF_8));
        store.refresh();
        assertThat(store.verdict("mallory@customer.example")).isEqualTo(REJECT);
    }

    @Test
    void directoryNamedLikeAListIsNoList() throws Exception {
        Files.createDirectory(directory.resolve("customer.example.txt"));

        started(directory);

        assertThat(store.verdict("mallory@customer.example")).isEqualTo(NO_LIST);
    }

    @Test
    void unchangedFileIsNotReloaded() throws Exception {
        Path file = write("customer.example.txt", "alice@customer.example\n");
        started(directory);
        RecipientList loaded = store.lists().get("customer.example");

        store.refresh();
        assertThat(store.lists().get("customer.example")).isSameAs(loaded);

        Files.setLastModifiedTime(file, FileTime.from(nextModified));
        store.refresh();
        assertThat(store.lists().get("customer.example")).isNotSameAs(loaded);
    }

    @Test
    void backgroundThreadPicksUpAChangeWithoutAnyCall() throws Exception {
        write("customer.example.txt", "alice@customer.example\n");
        store = new RecipientListStore(directory, LocalPartRules.DEFAULT, Duration.ofMillis(20));
        store.start();

        write("customer.example.txt", "bob@customer.example\n");

        // Waits for the outcome, bounded; not a measurement.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.verdict("bob@customer.example") != ACCEPT && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(store.verdict("bob@customer.example")).isEqualTo(ACCEPT);
    }

    @Test
    void reloadThreadIsADaemonAndStopsOnClose() throws Exception {
        write("customer.example.txt", "alice@customer.example\n");
        started(directory);
        assertThat(reloadThreads()).allMatch(Thread::isDaemon).isNotEmpty();

        store.close();

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!reloadThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(reloadThreads()).isEmpty();
        assertThat(store.verdict("mallory@customer.example")).isEqualTo(REJECT); // lists stay in force
    }

    private static java.util.List<Thread> reloadThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().equals("backscatter-guard-recipient-lists") && thread.isAlive())
            .collect(java.util.stream.Collectors.toList());
    }

    @Test
    void refusesANonPositiveInterval() {
        assertThatThrownBy(() -> new RecipientListStore(directory, LocalPartRules.DEFAULT, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
