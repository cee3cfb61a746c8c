package io.github.backscatterguard.ndr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhraseMatcherTest {
    @Test
    void findsOverlappingAndNestedPhrasesInOnePass() {
        PhraseMatcher matcher = new PhraseMatcher(List.of("he", "she", "hers", "his", "配信"));
        boolean[] seen = new boolean[5];
        String text = "ushers メール配信";
        matcher.findAll(text, 0, text.length(), seen);
        assertThat(seen).containsExactly(true, true, true, false, true);
    }

    @Test
    void respectsTheRange() {
        PhraseMatcher matcher = new PhraseMatcher(List.of("abc"));
        boolean[] seen = new boolean[1];
        matcher.findAll("xxabcxx", 3, 7, seen);
        assertThat(seen[0]).isFalse();
    }
}
