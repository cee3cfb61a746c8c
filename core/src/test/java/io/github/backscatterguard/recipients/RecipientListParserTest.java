package io.github.backscatterguard.recipients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecipientListParserTest {
    private static final String DOMAIN = "customer.example";
    private final RecipientListParser parser = new RecipientListParser(LocalPartRules.DEFAULT);

    private RecipientList parse(String text) throws RecipientListException {
        return parser.parse(DOMAIN, "/lists/customer.example.txt", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAddressesCommentsAndBlankLines() throws Exception {
        RecipientList list = parse("# sales team\n\nalice@customer.example\n  bob@Customer.Example   # since 2024\r\n"
            + "\tcarol@customer.example\r\n# end");

        assertThat(list.domain()).isEqualTo(DOMAIN);
        assertThat(list.size()).isEqualTo(3);
        assertThat(list.hasCatchAll()).isFalse();
        assertThat(list.accepts("alice")).isTrue();
        assertThat(list.accepts("bob")).isTrue();
        assertThat(list.accepts("carol")).isTrue();
        assertThat(list.accepts("dave")).isFalse();
    }

    @Test
    void toleratesByteOrderMarkAndMissingFinalNewline() throws Exception {
        RecipientList list = parse("\uFEFFalice@customer.example");

        assertThat(list.accepts("alice")).isTrue();
    }

    @Test
    void catchAllEntriesInBothForms() throws Exception {
        assertThat(parse("@customer.example\n").hasCatchAll()).isTrue();
        assertThat(parse("*@customer.example\n").hasCatchAll()).isTrue();
        assertThat(parse("*@customer.example\n").accepts("anyone")).isTrue();
        assertThat(parse("alice@customer.example\n").hasCatchAll()).isFalse();
    }

    @Test
    void duplicatesCountOnce() throws Exception {
        assertThat(parse("alice@customer.example\nALICE@customer.example\n").size()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "alice@customer.example\\nbob@other.example\\n | line 2: the domain is not customer.example: 'bob@other.example'",
        "alice@customer.example\\nbob\\n               | line 2: not an address (no @): 'bob'",
        "alice@customer.example bob@customer.example   | line 1: more than one entry on the line; write one address per line",
        "# x\\n.alice@customer.example                 | line 2: not a valid local part",
        "al..ice@customer.example                      | line 1: not a valid local part",
        "a(b)@customer.example                         | line 1: not a valid local part",
        "alice@customer.ex                             | line 1: the domain is not customer.example: 'alice@customer.ex'",
        "alice@customer.example.evil                   | line 1: the domain is not customer.example",
    })
    void badLineRefusesTheWholeListNamingFileLineAndText(String text, String expected) {
        assertThatThrownBy(() -> parse(text.replace("\\n", "\n")))
            .isInstanceOf(RecipientListException.class)
            .hasMessageStartingWith("/lists/customer.example.txt ")
            .hasMessageContaining(expected);
    }

    @Test
    void errorExposesItsParts() {
        assertThatThrownBy(() -> parse("alice@customer.example\n\nmallory\n"))
            .isInstanceOfSatisfying(RecipientListException.class, e -> {
                assertThat(e.source()).isEqualTo("/lists/customer.example.txt");
                assertThat(e.line()).isEqualTo(3);
                assertThat(e.reason()).isEqualTo("not an address (no @)");
            });
    }

    @Test
    void tooLongLocalPartIsRefused() {
        String local = "a".repeat(65);
        assertThatThrownBy(() -> parse(local + "@customer.example"))
            .hasMessageContaining("line 1: not a valid local part");
    }

    @Test
    void emptyListIsRefusedBecauseItWouldRefuseEveryone() {
        assertThatThrownBy(() -> parse("# nothing yet\n\n"))
            .isInstanceOf(RecipientListException.class)
            .hasMessageContaining("no address in the list")
            .hasMessageContaining("delete it");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("no address in the list");
    }

    @Test
    void nonUtf8IsRefused() {
        byte[] latin1 = "j\u00f6rg@customer.example\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> parser.parse(DOMAIN, "f.txt", latin1)).hasMessage("f.txt: not UTF-8 text");
    }

    @Test
    void utf8LocalPartsAreAccepted() throws Exception {
        assertThat(parse("j\u00f6rg@customer.example\n").accepts("J\u00d6RG")).isTrue();
    }

    @Test
    void badTextIsQuotedPrintableAndBounded() {
        assertThatThrownBy(() -> parse("x".repeat(500) + "\u0007"))
            .hasMessageEndingWith("x".repeat(100) + "...'");
    }

    @ParameterizedTest
    @CsvSource({"Customer.Example,customer.example", "xn--bcher-kva.example,xn--bcher-kva.example", "localhost,localhost"})
    void normalizesDomains(String domain, String expected) {
        assertThat(RecipientListParser.normalizeDomain(domain)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"''", "-bad.example", "bad_.example", "a..example", "b\u00fccher.example", "[127.0.0.1]", "../etc/passwd"})
    void refusesNonDomains(String domain) {
        assertThatThrownBy(() -> RecipientListParser.normalizeDomain(domain))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("is not a domain name");
    }
}
