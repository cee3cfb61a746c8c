package io.github.backscatterguard.ndr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusCodesTest {
    @Test
    void findsStandaloneEnhancedCodes() {
        assertThat(StatusCodes.first("550 5.1.1 <a@b.example> User unknown")).isEqualTo("5.1.1");
        assertThat(StatusCodes.first("#4.4.7 QUEUE.Expired")).isEqualTo("4.4.7");
        assertThat(StatusCodes.first("Status: 2.0.0")).isEqualTo("2.0.0");
    }

    @Test
    void ignoresVersionNumbersAndAddresses() {
        assertThat(StatusCodes.first("Postfix 3.5.1.2 and host 10.5.1.1 and v5.1.1")).isNull();
        assertThat(StatusCodes.next("ok 2.1.5 then 5.7.1 denied", 0, 26, true)).isEqualTo("5.7.1");
    }
}
