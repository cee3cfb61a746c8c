package io.github.backscatterguard.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backscatterguard.james.dnsbl.SharedDnsblCache;
import javax.mail.MessagingException;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Matcher;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every condition key of InBackscattererSafeMode and RemoteAddrInDnsbl is checked in init(): a bad
 * value fails with the matcher, the parameter, the value and the accepted form in the message (the
 * cases DnsblMatchersTest does not already cover). No DNS query is made at init, so no server runs.
 */
class DnsblMatcherConfigurationTest {
    private static final String SERVERS = "dnsServers=127.0.0.1:5353";
    private final SharedDnsblCache cache = new SharedDnsblCache(new RecordingMetricFactory());

    private Matcher matcher(String name, String condition) throws MessagingException {
        Matcher matcher = name.equals("InBackscattererSafeMode") ? new InBackscattererSafeMode(cache) : new RemoteAddrInDnsbl(cache);
        matcher.init(FakeMatcherConfig.builder().matcherName(name).condition(condition).build());
        return matcher;
    }

    @Test
    void everyKeyWithAGoodValueIsAccepted() throws Exception {
        assertThat(matcher("InBackscattererSafeMode", "zone=ips.backscatterer.org=127.0.0.[2..3]; " + SERVERS + ",[::1]:5353; timeout=500ms;"
            + " maxCacheTtl=10m; senders=safe-mode; extraLocalParts=mailer-daemon; trustedNetworks=192.0.2.0/24, 2001:db8::/32;"
            + " exemptRecipients=postmaster,abuse,hostmaster").getMatcherInfo()).startsWith("InBackscattererSafeMode");
        assertThat(matcher("RemoteAddrInDnsbl", "ZONE=bl.example.org; SENDERS=any; exemptRecipients=").getMatcherInfo())
            .startsWith("RemoteAddrInDnsbl");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // matcher               | condition                                              | parameter         | bad value            | accepted form
        "InBackscattererSafeMode | zone=bad zone                                          | zone              | bad zone             | expected a DNS name such as ips.backscatterer.org",
        "InBackscattererSafeMode | zone=                                                  | zone              | ''                   | expected a DNS name",
        "InBackscattererSafeMode | zone=ips.backscatterer.org=127.0.0                     | zone              | 127.0.0              | four octets",
        "InBackscattererSafeMode | zone=ips.backscatterer.org=127.0.0.[2..300]            | zone              | 300                  | accepted: four octets, each N, [N..M] or [N;M;...]",
        "InBackscattererSafeMode | zone=ips.backscatterer.org=127.0.0.[9..2]              | zone              | [9..2]               | accepted: four octets",
        "InBackscattererSafeMode | dnsServers=resolver.example                            | dnsServers        | resolver.example     | accepted: IP[:PORT] or [IPv6]:PORT",
        "InBackscattererSafeMode | dnsServers=127.0.0.1:99999                             | dnsServers        | 99999                | accepted: IP[:PORT]",
        "InBackscattererSafeMode | timeout=0s                                             | timeout           | 0s                   | accepted: a duration above 0 and at most 30s",
        "InBackscattererSafeMode | timeout=31s                                            | timeout           | 31s                  | accepted: a duration above 0 and at most 30s",
        "InBackscattererSafeMode | maxCacheTtl=1 hour                                     | maxCacheTtl       | 1 hour               | accepted: a whole number followed by ms, s, m, h or d",
        "InBackscattererSafeMode | senders=everyone                                       | senders           | everyone             | accepted: any, safe-mode",
        "InBackscattererSafeMode | extraLocalParts=mailer daemon                          | extraLocalParts   | mailer daemon        | accepted: local parts",
        "InBackscattererSafeMode | exemptRecipients=postmaster abuse                      | exemptRecipients  | postmaster abuse     | accepted: local parts",
        "InBackscattererSafeMode | trustedNetworks=192.0.2.0/24,filter.example            | trustedNetworks   | filter.example       | accepted: CIDR blocks",
        "InBackscattererSafeMode | trustedNetworks=2001:db8::/129                         | trustedNetworks   | 2001:db8::/129       | accepted: CIDR blocks",
        "InBackscattererSafeMode | timeout=1s; timeout=2s                                 | timeout           | given twice          | timeout",
        "InBackscattererSafeMode | timeout                                                | timeout           | is not key=value     | accepted keys: [",
        "InBackscattererSafeMode | zone=ips.backscatterer.org; dnsserver=127.0.0.1        | dnsserver         | unknown parameter    | accepted keys: [",
        "RemoteAddrInDnsbl       | dnsServers=127.0.0.1                                   | zone              | is required          | accepted: ZONE[=FILTER]",
        "RemoteAddrInDnsbl       | zone=bl.example.org; senders=all                       | senders           | all                  | accepted: any, safe-mode",
        "RemoteAddrInDnsbl       | zone=bl.example.org; extraLocalParts=mailer-daemon     | extraLocalParts   | mailer-daemon        | only applies with senders=safe-mode",
        "RemoteAddrInDnsbl       | zone=bl.example.org=127.0.0.x                          | zone              | 127.0.0.x            | accepted: four octets",
    })
    void aBadValueFailsInitNamingTheMatcherTheParameterTheValueAndTheAcceptedForm(String name, String condition, String parameter,
                                                                                   String value, String accepted) {
        assertThatThrownBy(() -> matcher(name, condition))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith(name + ": invalid condition '" + condition + "'")
            // Keys are case-insensitive; the message may show them in lower case.
            .satisfies(e -> assertThat(e.getMessage().toLowerCase()).contains("'" + parameter.toLowerCase() + "'"))
            .hasMessageContaining(value.equals("''") ? "''" : value)
            .hasMessageContaining(accepted);
    }
}
