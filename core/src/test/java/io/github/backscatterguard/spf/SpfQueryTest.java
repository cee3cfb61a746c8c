package io.github.backscatterguard.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpfQueryTest {
    private static InetAddress ip() throws Exception {
        return InetAddress.getByName("192.0.2.1");
    }

    @Test
    void theDomainIsTheSendersInLowerCase() throws Exception {
        SpfQuery query = SpfQuery.of(ip(), Optional.of("Alice@Example.TEST"), Optional.of("mx.other.test"));

        assertThat(query.domain()).contains("example.test");
        assertThat(query.identity()).contains("Alice@Example.TEST");
    }

    @Test
    void theNullSenderIsPostmasterOfTheHeloName() throws Exception {
        SpfQuery query = SpfQuery.of(ip(), Optional.empty(), Optional.of("MX.Example.test."));

        assertThat(query.domain()).contains("mx.example.test");
        assertThat(query.identity()).contains("postmaster@MX.Example.test");
    }

    @Test
    void anEmptySenderIsTheNullSender() throws Exception {
        assertThat(SpfQuery.of(ip(), Optional.of(" "), Optional.of("mx.example.test")).sender()).isEmpty();
    }

    @Test
    void theNullSenderWithoutHeloHasNoDomain() throws Exception {
        SpfQuery query = SpfQuery.of(ip(), Optional.empty(), Optional.of("  "));

        assertThat(query.domain()).isEmpty();
        assertThat(query.identity()).isEmpty();
    }

    @Test
    void aSenderWithoutDomainIsRefused() {
        assertThatThrownBy(() -> SpfQuery.of(ip(), Optional.of("alice"), Optional.empty()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("'alice' is not an envelope sender; accepted: local@domain, or <> for the null sender");
        assertThatThrownBy(() -> SpfQuery.of(ip(), Optional.of("alice@"), Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }
}
