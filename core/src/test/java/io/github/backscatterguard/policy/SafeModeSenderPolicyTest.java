package io.github.backscatterguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SafeModeSenderPolicyTest {
    private final SafeModeSenderPolicy policy = SafeModeSenderPolicy.backscattererDefault();

    @Test
    void nullSenderQualifies() {
        assertThat(policy.qualifies(Optional.empty())).isTrue();
    }

    @Test
    void postmasterOfAnyDomainQualifiesWhateverTheCase() {
        assertThat(policy.qualifies(Optional.of("postmaster@example.com"))).isTrue();
        assertThat(policy.qualifies(Optional.of("PostMaster@mail.example.org"))).isTrue();
    }

    @Test
    void ordinarySendersAndMailerDaemonDoNotQualifyByDefault() {
        assertThat(policy.qualifies(Optional.of("alice@example.com"))).isFalse();
        assertThat(policy.qualifies(Optional.of("mailer-daemon@example.com"))).isFalse();
        assertThat(policy.qualifies(Optional.of("postmaster.x@example.com"))).isFalse();
    }

    @Test
    void extraLocalPartsCanBeAdded() {
        SafeModeSenderPolicy wider = SafeModeSenderPolicy.withExtraLocalParts(Set.of("Mailer-Daemon"));

        assertThat(wider.qualifies(Optional.of("MAILER-DAEMON@example.com"))).isTrue();
        assertThat(wider.qualifies(Optional.of("postmaster@example.com"))).isTrue();
        assertThat(wider.qualifies(Optional.of("bob@example.com"))).isFalse();
    }
}
