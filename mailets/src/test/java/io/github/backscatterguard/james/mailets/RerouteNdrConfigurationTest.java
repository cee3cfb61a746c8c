package io.github.backscatterguard.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

/**
 * RerouteNdr's processors: a mailet cannot see the list of processors in init() (MailetContext of
 * James 3.8.1 has none), so the mailet declares both in requiredProcessingState() and James's
 * AbstractStateCompositeProcessor refuses to start when one does not exist ("Your configurations
 * specifies the following undefined processors: [...]"; shown through real James loading in
 * integration-tests' ConfigurationErrorsIntegrationTest). These tests hold the mailet's side of
 * that contract and the checks it makes itself.
 */
class RerouteNdrConfigurationTest {

    private RerouteNdr mailet(String... parameters) throws Exception {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("RerouteNdr");
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        RerouteNdr mailet = new RerouteNdr(MemoryRepositories.store(), new RecordingMetricFactory());
        mailet.init(config.build());
        return mailet;
    }

    @Test
    void theOverflowProcessorIsDeclaredRequiredSoJamesChecksItExistsAtStart() throws Exception {
        RerouteNdr mailet = mailet("processor", "ndr-pool", "rateLimit", "10/1h", "overflowProcessor", "ndr-slow");

        assertThat(mailet.requiredProcessingState()).containsExactly(new ProcessingState("ndr-pool"), new ProcessingState("ndr-slow"));
    }

    @Test
    void withAnOverflowRepositoryOnlyThePoolIsRequired() throws Exception {
        RerouteNdr mailet = mailet("processor", "ndr-pool", "rateLimit", "10/1h", "overflowRepository", "memory://var/mail/ndr-overflow/");

        assertThat(mailet.requiredProcessingState()).containsExactly(new ProcessingState("ndr-pool"));
    }

    @Test
    void aBlankOverflowProcessorFailsInit() {
        assertThatThrownBy(() -> mailet("processor", "ndr-pool", "rateLimit", "10/1h", "overflowProcessor", " "))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("RerouteNdr: parameter 'overflowProcessor' has invalid value ' '; accepted: the name of a processor");
    }

    @Test
    void aRateLimitOverItsBoundsFailsInit() {
        assertThatThrownBy(() -> mailet("processor", "ndr-pool", "rateLimit", "2000000/1h"))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("RerouteNdr: parameter 'rateLimit' has invalid value '2000000/1h'; accepted: COUNT/DURATION");
        assertThatThrownBy(() -> mailet("processor", "ndr-pool", "rateLimit", "10/400d"))
            .hasMessageContaining("'rateLimit'").hasMessageContaining("'10/400d'");
    }
}
