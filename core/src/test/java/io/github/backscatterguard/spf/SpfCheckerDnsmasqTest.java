package io.github.backscatterguard.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cache in front of a real DNS server: whether a check reaches dnsmasq is read in its query log. */
class SpfCheckerDnsmasqTest {
    private static Dnsmasq dnsmasq;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        Dnsmasq.assumeInstalled();
        dnsmasq = Dnsmasq.start(SpfTestZone.CONFIG);
    }

    @AfterAll
    static void stopDnsmasq() throws Exception {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    private static SpfQuery query(String ip, String sender) throws Exception {
        return SpfQuery.of(InetAddress.getByName(ip), Optional.of(sender), Optional.of("mx.sender.test"));
    }

    @Test
    void aSecondCheckOfTheSameIpAndDomainIsServedFromTheCache() throws Exception {
        SpfChecker checker = SpfSettings.from(Map.of("dnsservers", dnsmasq.server())).newChecker(new SpfCache(100));

        SpfOutcome first = checker.check(query(SpfTestZone.FORGER_IP, "alice@cache.spf.test"));
        long afterFirst = dnsmasq.queries("TXT", "cache.spf.test");
        SpfOutcome second = checker.check(query(SpfTestZone.FORGER_IP, "bob@cache.spf.test"));

        assertThat(first.result()).isEqualTo(SpfResult.FAIL);
        assertThat(second.result()).isEqualTo(SpfResult.FAIL);
        assertThat(afterFirst).isEqualTo(1);
        assertThat(dnsmasq.queries("TXT", "cache.spf.test")).isEqualTo(1);

        assertThat(checker.check(query(SpfTestZone.GOOD_IP, "alice@cache.spf.test")).result()).isEqualTo(SpfResult.PASS);
        assertThat(dnsmasq.queries("TXT", "cache.spf.test")).isEqualTo(2);
    }

    @Test
    void withoutCacheAgeEveryCheckQueries() throws Exception {
        SpfChecker checker = SpfSettings.from(Map.of("dnsservers", dnsmasq.server(), "maxcacheage", "0s")).newChecker(new SpfCache(100));

        checker.check(query(SpfTestZone.FORGER_IP, "alice@nocache.spf.test"));
        checker.check(query(SpfTestZone.FORGER_IP, "alice@nocache.spf.test"));

        assertThat(dnsmasq.queries("TXT", "nocache.spf.test")).isEqualTo(2);
    }
}
