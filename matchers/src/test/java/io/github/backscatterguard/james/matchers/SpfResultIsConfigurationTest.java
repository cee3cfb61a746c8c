package io.github.backscatterguard.james.matchers;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backscatterguard.james.spf.SharedSpfCache;
import javax.mail.MessagingException;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SpfResultIs condition checks SpfResultIsTest leaves out: maxCacheAge, the lower bound of timeout, a repeated key. */
class SpfResultIsConfigurationTest {
    private final SharedSpfCache cache = new SharedSpfCache();

    private void init(String condition) throws MessagingException {
        new SpfResultIs(cache).init(FakeMatcherConfig.builder().matcherName("SpfResultIs").condition(condition).build());
    }

    @Test
    void everySettingWithAGoodValueIsAccepted() {
        assertThatCode(() -> init("fail,softfail,permerror; dnsServers=127.0.0.1:5353; timeout=5s; maxCacheAge=0s")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "fail; maxCacheAge=2d          | 'maxCacheAge' | '2d'          | accepted: a duration of at most 1d",
        "fail; maxCacheAge=often       | 'maxCacheAge' | 'often'       | accepted: a whole number followed by ms, s, m, h or d",
        "fail; timeout=0s              | 'timeout'     | '0s'          | accepted: a duration above 0 and at most 60s",
        "fail; timeout=1s; timeout=2s  | 'timeout'     | given twice   | timeout",
    })
    void aBadValueFailsInitNamingTheMatcherTheParameterTheValueAndTheAcceptedForm(String condition, String parameter, String value, String accepted) {
        assertThatThrownBy(() -> init(condition))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("SpfResultIs: invalid condition '" + condition + "'")
            .hasMessageContaining(parameter)
            .hasMessageContaining(value)
            .hasMessageContaining(accepted);
    }
}
