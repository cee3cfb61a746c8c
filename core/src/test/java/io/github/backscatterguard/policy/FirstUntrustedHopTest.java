package io.github.backscatterguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirstUntrustedHopTest {
    private final FirstUntrustedHop hop = new FirstUntrustedHop(TrustedNetworks.parse("192.0.2.0/24"));

    @Test
    void untrustedConnectingIpIsTheAnswer() throws Exception {
        assertThat(hop.find(InetAddress.getByName("203.0.113.5"), List.of("from x ([192.0.2.1]) by y")))
            .contains(InetAddress.getByName("203.0.113.5"));
    }

    @Test
    void onlyATrustedRelaysMailNeedsItsReceivedChain() throws Exception {
        assertThat(hop.needsReceivedChain(InetAddress.getByName("192.0.2.10"))).isTrue();
        assertThat(hop.needsReceivedChain(InetAddress.getByName("203.0.113.5"))).isFalse();
        // what the matcher relies on when it does not read the chain: the client itself is the answer
        assertThat(hop.find(InetAddress.getByName("203.0.113.5"), List.of())).contains(InetAddress.getByName("203.0.113.5"));
    }

    @Test
    void behindATrustedRelayTheRelaysClientIsTheAnswer() throws Exception {
        List<String> received = List.of(
            "from filter.example (filter.example [192.0.2.10])\r\n\tby mx.example (JAMES) with ESMTP id 1; Fri, 4 Dec 2026 10:00:02 +0000",
            "from bounce.sender.example (unknown [203.0.113.66]) by filter.example (Postfix) with ESMTP id 2; Fri, 4 Dec 2026 10:00:01 +0000",
            "from localhost ([127.0.0.1]) by bounce.sender.example; Fri, 4 Dec 2026 10:00:00 +0000");

        assertThat(hop.find(InetAddress.getByName("192.0.2.10"), received)).contains(InetAddress.getByName("203.0.113.66"));
    }

    @Test
    void readsIpv6Literals() throws Exception {
        List<String> received = List.of("from a (b [IPv6:2001:db8::5]) by filter.example with ESMTPS");

        assertThat(hop.find(InetAddress.getByName("192.0.2.10"), received)).contains(InetAddress.getByName("2001:db8::5"));
    }

    @Test
    void ignoresAddressesOutsideTheFromClause() throws Exception {
        List<String> received = List.of("by filter.example ([203.0.113.9]) with local", "from c ([198.51.100.3]) by filter.example");

        assertThat(hop.find(InetAddress.getByName("192.0.2.10"), received)).contains(InetAddress.getByName("198.51.100.3"));
    }

    @Test
    void everyHopTrustedMeansNothingToCheck() throws Exception {
        assertThat(hop.find(InetAddress.getByName("192.0.2.10"), List.of("from a ([192.0.2.11]) by b"))).isEmpty();
    }
}
