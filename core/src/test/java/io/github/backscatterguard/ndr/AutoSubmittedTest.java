package io.github.backscatterguard.ndr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AutoSubmittedTest {
    @Test
    void comparesTheKeywordNotTheWholeValue() {
        assertThat(AutoSubmitted.keyword("auto-replied; owner-email=\"me@example.org\"")).isEqualTo("auto-replied");
        assertThat(AutoSubmitted.keyword("Auto-Generated (vacation)")).isEqualTo("auto-generated");
        assertThat(AutoSubmitted.keyword("  auto-notified;method=mailto")).isEqualTo("auto-notified");
        assertThat(AutoSubmitted.keyword("(comment) auto-replied")).isEqualTo("auto-replied");
    }

    @Test
    void absentOrNoMeansNotAutomatic() {
        assertThat(AutoSubmitted.keyword(null)).isEqualTo("no");
        assertThat(AutoSubmitted.keyword("")).isEqualTo("no");
        assertThat(AutoSubmitted.isAutomatic(AutoSubmitted.keyword("No"))).isFalse();
        assertThat(AutoSubmitted.isAutomatic(AutoSubmitted.keyword("auto-generated"))).isTrue();
    }
}
