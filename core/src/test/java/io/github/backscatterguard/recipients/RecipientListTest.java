package io.github.backscatterguard.recipients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Matching semantics: exact, case, sub-address tags, catch-all. */
class RecipientListTest {
    private static final String LIST = "alice@customer.example\nBob@customer.example\ncarol+sales@customer.example\n";

    private static RecipientList list(LocalPartRules rules, String text) throws RecipientListException {
        return new RecipientListParser(rules).parse("customer.example", "test", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void exactAddressesOnly() throws Exception {
        RecipientList list = list(LocalPartRules.DEFAULT, LIST);

        assertThat(list.accepts("alice")).isTrue();
        assertThat(list.accepts("alice2")).isFalse();
        assertThat(list.accepts("lice")).isFalse();
        assertThat(list.accepts("alice.smith")).isFalse();
    }

    @Test
    void localPartsAreCaseInsensitiveByDefault() throws Exception {
        RecipientList list = list(LocalPartRules.DEFAULT, LIST);

        assertThat(list.accepts("ALICE")).isTrue();
        assertThat(list.accepts("bob")).isTrue();
        assertThat(list.accepts("BOB")).isTrue();
    }

    @Test
    void caseSensitiveWhenConfigured() throws Exception {
        RecipientList list = list(new LocalPartRules(true, "+"), LIST);

        assertThat(list.accepts("alice")).isTrue();
        assertThat(list.accepts("Alice")).isFalse();
        assertThat(list.accepts("Bob")).isTrue();
        assertThat(list.accepts("bob")).isFalse();
        assertThat(list.accepts("Bob+tag")).isTrue();
    }

    @Test
    void subAddressTagsMatchTheBaseAddress() throws Exception {
        RecipientList list = list(LocalPartRules.DEFAULT, LIST);

        assertThat(list.accepts("alice+news")).isTrue();
        assertThat(list.accepts("ALICE+News")).isTrue();
        assertThat(list.accepts("alice+news+more")).isTrue();
        assertThat(list.accepts("dave+alice")).isFalse();
        assertThat(list.accepts("alice-news")).isFalse();
        assertThat(list.accepts("+alice")).isFalse();
    }

    @Test
    void aListedTaggedAddressDoesNotListItsBase() throws Exception {
        RecipientList list = list(LocalPartRules.DEFAULT, LIST);

        assertThat(list.accepts("carol+sales")).isTrue();
        assertThat(list.accepts("carol")).isFalse();
        assertThat(list.accepts("carol+support")).isFalse();
    }

    @Test
    void separatorIsConfigurable() throws Exception {
        RecipientList dash = list(new LocalPartRules(false, "-"), LIST);
        assertThat(dash.accepts("alice-news")).isTrue();
        assertThat(dash.accepts("alice+news")).isFalse();

        RecipientList both = list(new LocalPartRules(false, "+-"), LIST);
        assertThat(both.accepts("alice-news")).isTrue();
        assertThat(both.accepts("alice+news")).isTrue();
    }

    @Test
    void subAddressingCanBeTurnedOff() throws Exception {
        RecipientList list = list(new LocalPartRules(false, ""), LIST);

        assertThat(list.accepts("alice")).isTrue();
        assertThat(list.accepts("alice+news")).isFalse();
        assertThat(list.accepts("carol+sales")).isTrue();
    }

    @Test
    void catchAllAcceptsEveryLocalPart() throws Exception {
        RecipientList list = list(LocalPartRules.DEFAULT, "alice@customer.example\n*@customer.example\n");

        assertThat(list.accepts("alice")).isTrue();
        assertThat(list.accepts("anyone")).isTrue();
        assertThat(list.size()).isEqualTo(1);
    }

    @Test
    void badSeparatorsAreRefused() {
        assertThatThrownBy(() -> new LocalPartRules(false, "@")).hasMessageContaining("is not a sub-address separator");
        assertThatThrownBy(() -> new LocalPartRules(false, "+ ")).hasMessageContaining("is not a sub-address separator");
    }
}
