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
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads and removals against real files; the store's reload timer is an hour, so every effect comes from the editor. */
class RecipientListEditorTest {
    @TempDir
    Path directory;
    private RecipientListStore store;
    private RecipientListEditor editor;

    @BeforeEach
    void start() {
        store = new RecipientListStore(directory, LocalPartRules.DEFAULT, Duration.ofHours(1));
        store.start();
        editor = new RecipientListEditor(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Stream<String> fileNames() throws IOException {
        return Files.list(directory).map(path -> path.getFileName().toString()).sorted();
    }

    @Test
    void replaceWritesTheFileAndTakesEffectAtOnce() throws Exception {
        RecipientList list = editor.replace("Customer.Example", utf8("# from the directory\nalice@customer.example\n"));

        assertThat(list.size()).isEqualTo(1);
        assertThat(store.verdict("alice@customer.example")).isEqualTo(ACCEPT);
        assertThat(store.verdict("bob@customer.example")).isEqualTo(REJECT);
        assertThat(Files.readString(directory.resolve("customer.example.txt"))).isEqualTo("# from the directory\nalice@customer.example\n");
        assertThat(fileNames()).containsExactly("customer.example.txt"); // no temporary file left
    }

    @Test
    void replaceOverwritesThePreviousList() throws Exception {
        editor.replace("customer.example", utf8("alice@customer.example\n"));
        editor.replace("customer.example", utf8("bob@customer.example\n"));

        assertThat(store.verdict("alice@customer.example")).isEqualTo(REJECT);
        assertThat(store.verdict("bob@customer.example")).isEqualTo(ACCEPT);
    }

    @Test
    void badContentChangesNothing() throws Exception {
        editor.replace("customer.example", utf8("alice@customer.example\n"));

        assertThatThrownBy(() -> editor.replace("customer.example", utf8("bob@customer.example\nnot an address\n")))
            .isInstanceOf(RecipientListException.class)
            .hasMessageContaining("line 2");
        assertThatThrownBy(() -> editor.replace("customer.example", utf8("bob@other.example\n")))
            .isInstanceOf(RecipientListException.class)
            .hasMessageContaining("the domain is not customer.example");
        assertThatThrownBy(() -> editor.replace("customer.example", utf8("")))
            .isInstanceOf(RecipientListException.class)
            .hasMessageContaining("no address");

        assertThat(store.verdict("alice@customer.example")).isEqualTo(ACCEPT);
        assertThat(Files.readString(directory.resolve("customer.example.txt"))).isEqualTo("alice@customer.example\n");
        assertThat(fileNames()).containsExactly("customer.example.txt");
    }

    @Test
    void aListOverTheLimitIsRefusedBeforeParsing() {
        byte[] tooLarge = new byte[RecipientListParser.MAX_LIST_BYTES + 1];

        assertThatThrownBy(() -> editor.replace("customer.example", tooLarge))
            .isInstanceOf(RecipientListException.class)
            .hasMessageContaining("more than the " + RecipientListParser.MAX_LIST_BYTES + " accepted");
        assertThat(store.verdict("alice@customer.example")).isEqualTo(NO_LIST);
    }

    @Test
    void aDomainThatIsNotADomainNameNeverBecomesAPath() throws Exception {
        for (String domain : new String[] {"../etc", "customer.example/../x", "", "a b.example", ".hidden"}) {
            assertThatThrownBy(() -> editor.replace(domain, utf8("alice@customer.example\n")))
                .as(domain)
                .isInstanceOf(RecipientListException.class)
                .hasMessageContaining("is not a domain name");
        }
        assertThat(fileNames()).isEmpty();
    }

    @Test
    void removeDeletesTheListAndTakesEffectAtOnce() throws Exception {
        editor.replace("customer.example", utf8("alice@customer.example\n"));

        assertThat(editor.remove("customer.example")).isTrue();
        assertThat(editor.remove("customer.example")).isFalse();
        assertThat(store.verdict("bob@customer.example")).isEqualTo(NO_LIST);
        assertThat(fileNames()).isEmpty();
    }

    @Test
    void readReturnsTheFileAsWritten() throws Exception {
        assertThat(editor.read("customer.example")).isEmpty();

        editor.replace("customer.example", utf8("alice@customer.example # the boss\n"));

        assertThat(editor.read("CUSTOMER.example")).hasValueSatisfying(bytes ->
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("alice@customer.example # the boss\n"));
    }

    @Test
    void followsTheStoresLocalPartRules() throws Exception {
        store.close();
        store = new RecipientListStore(directory, new LocalPartRules(true, "-"), Duration.ofHours(1));
        store.start();
        editor = new RecipientListEditor(store);

        editor.replace("customer.example", utf8("Alice@customer.example\n"));

        assertThat(store.verdict("Alice-news@customer.example")).isEqualTo(ACCEPT);
        assertThat(store.verdict("alice@customer.example")).isEqualTo(REJECT);
    }
}
