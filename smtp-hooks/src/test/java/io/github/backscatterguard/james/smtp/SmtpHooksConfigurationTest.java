package io.github.backscatterguard.james.smtp;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import io.github.backscatterguard.james.dnsbl.SharedDnsblCache;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.user.api.UsersRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every parameter of SafeModeDnsblHook and BatvRcptHook is checked in init(Configuration), with the
 * hook, the parameter, the bad value and the accepted form in the ConfigurationException that stops
 * James's start: the cases SafeModeDnsblHookTest and BatvRcptHookTest do not already cover. No DNS
 * query is made at init. {@code KEYS} in a value stands for a valid key file, {@code DIR} for a
 * directory (a key file nobody can read as a file, root included).
 */
class SmtpHooksConfigurationTest {
    @TempDir
    Path directory;
    private Path keyFile;
    private Path unreadable;

    @BeforeEach
    void writeKeys() throws Exception {
        keyFile = Files.writeString(directory.resolve("batv.keys"), "0 first-test-secret-not-for-production\n");
        unreadable = Files.createDirectories(directory.resolve("unreadable.keys"));
    }

    /** {@code <handler>} children from "name=value;name=value" (a ';' inside brackets, as in 127.0.0.[2;4], does not split). */
    private BaseHierarchicalConfiguration config(String elements) {
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        for (String pair : elements.split(";(?![^\\[]*\\])")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                config.addProperty(pair.substring(0, equals).trim(), pair.substring(equals + 1)
                    .replace("KEYS", keyFile.toString()).replace("DIR", unreadable.toString()));
            }
        }
        return config;
    }

    private void init(String hook, String elements) throws ConfigurationException {
        if (hook.equals("SafeModeDnsblHook")) {
            new SafeModeDnsblHook(new SharedDnsblCache(new RecordingMetricFactory()), mock(DomainList.class)).init(config(elements));
        } else {
            new BatvRcptHook(mock(UsersRepository.class), mock(RecipientRewriteTable.class), mock(DomainList.class)).init(config(elements));
        }
    }

    @Test
    void everyParameterWithAGoodValueIsAccepted() {
        assertThatCode(() -> init("SafeModeDnsblHook", "zone=ips.backscatterer.org=127.0.0.[2;4];dnsServers=127.0.0.1:5353;timeout=2s;"
            + "maxCacheTtl=1h;extraLocalParts=mailer-daemon;exemptRecipients=postmaster,abuse;includeReason=no")).doesNotThrowAnyException();
        assertThatCode(() -> init("BatvRcptHook", "keyFile=KEYS;validity=7d;domains=local,example.com;mode=tag-only;exemptRecipients=postmaster"))
            .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // hook              | elements                                       | parameter          | bad value            | accepted form
        "SafeModeDnsblHook   | zone=bad zone                                  | 'zone'             | 'bad zone'           | expected a DNS name such as ips.backscatterer.org",
        "SafeModeDnsblHook   | zone=ips.backscatterer.org=127.0.0.[2..300]    | 'zone'             | 127.0.0.[2..300]     | accepted: four octets, each N, [N..M] or [N;M;...]",
        "SafeModeDnsblHook   | zone=ips.backscatterer.org=127.2               | 'zone'             | 127.2                | accepted: four octets",
        "SafeModeDnsblHook   | dnsServers=ns.example                          | 'dnsservers'       | ns.example           | accepted: IP[:PORT] or [IPv6]:PORT",
        "SafeModeDnsblHook   | timeout=0s                                     | 'timeout'          | '0s'                 | accepted: a duration above 0 and at most 30s",
        "SafeModeDnsblHook   | maxCacheTtl=forever                            | 'maxcachettl'      | forever              | accepted: a whole number followed by ms, s, m, h or d",
        "SafeModeDnsblHook   | extraLocalParts=mailer daemon                  | 'extraLocalParts'  | 'mailer daemon'      | accepted: local parts",
        "SafeModeDnsblHook   | exemptRecipients=postmaster abuse              | 'exemptRecipients' | 'postmaster abuse'   | accepted: local parts",
        "SafeModeDnsblHook   | includeReason=                                 | 'includeReason'    | ''                   | accepted: true, false",
        "BatvRcptHook        | keyFile=DIR                                    | 'keyFile'          | unreadable.keys      | accepted: the path of a readable file",
        "BatvRcptHook        | keyFile=KEYS;validity=12h                      | 'validity'         | '12h'                | accepted: whole days from 1d to 999d",
        "BatvRcptHook        | keyFile=KEYS;domains=exa mple.com              | 'domains'          | 'exa mple.com'       | accepted: 'local'",
        "BatvRcptHook        | keyFile=KEYS;mode=                             | 'mode'             | ''                   | accepted: reject (default) or tag-only",
        "BatvRcptHook        | keyFile=KEYS;exemptRecipients=postmaster abuse | 'exemptRecipients' | 'postmaster abuse'   | accepted: local parts",
        "BatvRcptHook        | keyFile=KEYS;restore=any                       | <restore>          | unknown parameter    | accepted: [",
    })
    void aBadValueFailsInitNamingTheHookTheParameterTheValueAndTheAcceptedForm(String hook, String elements, String parameter,
                                                                                String value, String accepted) {
        assertThatThrownBy(() -> init(hook, elements))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageStartingWith(hook + ": ")
            .hasMessageContaining(parameter)
            .hasMessageContaining(value)
            .hasMessageContaining(accepted);
    }
}
