package io.github.backscatterguard.ndr.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EncodedWordsTest {
    @Test
    void decodesBase64AndQuotedPrintableWords() {
        assertThat(EncodedWords.decode("=?UTF-8?B?VW56dXN0ZWxsYmFyOg==?= Test")).isEqualTo("Unzustellbar: Test");
        assertThat(EncodedWords.decode("=?ISO-8859-1?Q?Non_remis_:_caf=E9?=")).isEqualTo("Non remis : café");
    }

    @Test
    void dropsWhitespaceBetweenAdjacentEncodedWordsOnly() {
        assertThat(EncodedWords.decode("=?UTF-8?Q?a?= =?UTF-8?Q?b?= c")).isEqualTo("ab c");
    }

    @Test
    void bogusCharsetFallsBackAndBrokenWordsStay() {
        assertThat(EncodedWords.decode("=?x-no-such-charset!?Q?abc?=")).isEqualTo("abc");
        assertThat(EncodedWords.decode("=?UTF-8?Q?unterminated")).isEqualTo("=?UTF-8?Q?unterminated");
        assertThat(EncodedWords.decode("=?UTF-8?X?abc?=")).isEqualTo("=?UTF-8?X?abc?=");
        assertThat(EncodedWords.decode(null)).isNull();
    }

    @Test
    void decodesJapaneseSubjects() {
        assertThat(EncodedWords.decode("=?ISO-2022-JP?B?GyRCR1s/LiRHJC0kXiQ7JHMbKEI=?=")).isEqualTo("配信できません");
    }
}
