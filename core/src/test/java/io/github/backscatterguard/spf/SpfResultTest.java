package io.github.backscatterguard.spf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpfResultTest {
    @Test
    void theCodesAreRfc7208s() {
        assertThat(SpfResult.acceptedCodes()).isEqualTo("none, neutral, pass, fail, softfail, temperror, permerror");
    }

    @Test
    void codesAreReadCaseInsensitively() {
        assertThat(SpfResult.fromCode(" SoftFail ")).contains(SpfResult.SOFTFAIL);
        assertThat(SpfResult.fromCode("permerror")).contains(SpfResult.PERMERROR);
        assertThat(SpfResult.fromCode("error")).isEmpty();
        assertThat(SpfResult.fromCode(null)).isEmpty();
    }
}
