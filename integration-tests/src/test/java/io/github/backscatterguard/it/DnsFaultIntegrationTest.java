package io.github.backscatterguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Durations.ONE_MINUTE;
import static org.awaitility.Durations.TWO_HUNDRED_MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.backscatterguard.dnsbl.DnsblChecker;
import io.github.backscatterguard.dnsbl.LookupError;
import io.github.backscatterguard.dnsbl.ScriptedDnsServer;
import io.github.backscatterguard.dnsbl.ScriptedDnsServer.Script;
import io.github.backscatterguard.dnsbl.ScriptedDnsServer.TcpReply;
import io.github.backscatterguard.dnsbl.ScriptedDnsServer.UdpReply;
import io.github.backscatterguard.james.dnsbl.JamesDnsblMetrics;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * The DNSBL checks of a real James 3.8.1 facing a DNS server that misbehaves
 * ({@link ScriptedDnsServer}, scripted per zone), or no DNS server at all. One SMTP listener per
 * fault runs {@code SafeModeDnsblHook} against that fault's zone, with a 500 ms timeout; the root
 * processor runs {@code InBackscattererSafeMode} on the same zone for that fault's recipient.
 *
 * <p>For each fault, bounces (null sender) from 127.0.0.66, .67 and .68, which a working zone
 * would list, then .66 again: every one is accepted (fail-open) and delivered to the mailbox,
 * none is quarantined; each RCPT returns without hanging; the counter of that kind of error grows
 * by one per failed lookup (three: the fourth mail finds the error in the cache); and
 * {@link DnsblChecker} logs one WARN line for the fault, not one per mail. A last listener gets a
 * truncated UDP answer whose TCP retry works: there the listing holds and the bounces are refused.
 */
class DnsFaultIntegrationTest {
    private static final String DOMAIN = "guard.test";
    private static final String PASSWORD = "secret";
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** Guards against a hang only; it measures nothing. */
    private static final Duration HANG_GUARD = TIMEOUT.plusSeconds(2);
    private static final List<String> LISTED_CLIENTS = List.of("127.0.0.66", "127.0.0.67", "127.0.0.68");
    private static final MailRepositoryUrl QUARANTINE = MailRepositoryUrl.from("memory://var/mail/backscatter/");
    private static final MailRepositoryUrl ERRORS = MailRepositoryUrl.from("memory://var/mail/error/");

    private static final ConditionFactory AWAIT = Awaitility.with().pollInterval(TWO_HUNDRED_MILLISECONDS).await().atMost(ONE_MINUTE);
    private static final RecordingMetricFactory METRICS = new RecordingMetricFactory();

    /** A fault of the DNS path, the zone that shows it, and the kind of error the extension must count. */
    enum Fault {
        UNREACHABLE(null, LookupError.NETWORK),
        NO_ANSWER(Script.udp(UdpReply.NOTHING), LookupError.TIMEOUT),
        SERVFAIL(Script.udp(UdpReply.SERVFAIL), LookupError.SERVER_ERROR),
        REFUSED(Script.udp(UdpReply.REFUSED), LookupError.SERVER_ERROR),
        TRUNCATED_TCP_SILENT(Script.udp(UdpReply.TRUNCATED).withTcp(TcpReply.NOTHING), LookupError.TIMEOUT),
        GARBAGE(Script.udp(UdpReply.GARBAGE), LookupError.NETWORK),
        WRONG_ID(Script.udp(UdpReply.WRONG_ID), LookupError.NETWORK),
        SHORT_HEADER(Script.udp(UdpReply.SHORT_HEADER), LookupError.NETWORK),
        ANSWER_OUTSIDE_127(Script.answer("10.0.0.2"), LookupError.OUT_OF_RANGE),
        EVERY_ANSWER_QUERY_REFUSED(Script.answer("127.255.255.254"), LookupError.QUERY_REFUSED),
        /** Not a fault: the TCP retry of a truncated answer works, so the listing holds. */
        TRUNCATED_TCP_ANSWERS(Script.answer("127.0.0.2").withUdp(UdpReply.TRUNCATED).withTxt("listed, answered over TCP")
            .listing(LISTED_CLIENTS.toArray(new String[0])), null);

        /** Null: no server at all (a port nobody listens on). */
        final Script script;
        /** Null: no error expected. */
        final LookupError error;

        Fault(Script script, LookupError error) {
            this.script = script;
            this.error = error;
        }

        String id() {
            return name().toLowerCase().replace('_', '-');
        }

        String zone() {
            return id() + ".dns-fault.test";
        }

        String user() {
            return id() + "@" + DOMAIN;
        }
    }

    private static ScriptedDnsServer dns;
    private static final Map<Fault, Integer> PORTS = new EnumMap<>(Fault.class);
    private static final ListAppender<ILoggingEvent> CHECKER_LOG = new ListAppender<>();

    @RegisterExtension
    static JamesServerExtension james = new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir -> {
            writeConfiguration(tmpDir);
            return MemoryJamesConfiguration.builder()
                .workingDirectory(tmpDir)
                .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
                .build();
        })
        .server(configuration -> MemoryJamesServerMain.createServer(configuration)
            .overrideWith(binder -> binder.bind(DNSService.class).toInstance(new LiteralResolvingDnsService()))
            .overrideWith(binder -> binder.bind(MetricFactory.class).toInstance(METRICS)))
        .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
        .build();

    /** Starts the scripted DNS server and writes conf/: one listener and one fallback rule per fault. */
    private static void writeConfiguration(File workingDirectory) {
        try {
            dns = ScriptedDnsServer.start();
            InetSocketAddress unreachable = ScriptedDnsServer.unreachableAddress();
            StringBuilder listeners = new StringBuilder();
            StringBuilder rules = new StringBuilder();
            for (Fault fault : Fault.values()) {
                String server = fault.script == null
                    ? unreachable.getAddress().getHostAddress() + ":" + unreachable.getPort()
                    : dns.hostAndPort();
                if (fault.script != null) {
                    dns.script(fault.zone(), fault.script);
                }
                PORTS.put(fault, freeTcpPort());
                listeners.append(fill(SampleJames.resource("dns-faults/listener.xml"), fault, server));
                rules.append(fill(SampleJames.resource("dns-faults/fallback-rule.xml"), fault, server));
            }
            Path conf = workingDirectory.toPath().resolve("conf");
            Files.createDirectories(conf);
            for (String file : List.of("domainlist.xml", "usersrepository.xml", "pop3server.xml", "dnsservice.xml", "imapserver.xml")) {
                Files.writeString(conf.resolve(file), SampleJames.resource(file));
            }
            Files.writeString(conf.resolve("smtpserver.xml"),
                SampleJames.resource("dns-faults/smtpserver.xml").replace("@LISTENERS@", listeners));
            Files.writeString(conf.resolve("mailetcontainer.xml"),
                SampleJames.resource("dns-faults/mailetcontainer.xml").replace("@FALLBACK_RULES@", rules));
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the James configuration", e);
        }
    }

    private static String fill(String template, Fault fault, String dnsServer) {
        return template.replace("@CASE@", fault.id())
            .replace("@USER@", fault.user())
            .replace("@ZONE@", fault.zone())
            .replace("@DNS@", dnsServer)
            .replace("@TIMEOUT@", TIMEOUT.toMillis() + "ms")
            .replace("@PORT@", String.valueOf(PORTS.get(fault)));
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @BeforeAll
    static void createUsersAndWatchTheLog(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addDomain(DOMAIN);
        for (Fault fault : Fault.values()) {
            data.addUser(fault.user(), PASSWORD);
        }
        CHECKER_LOG.start();
        ((Logger) LoggerFactory.getLogger(DnsblChecker.class)).addAppender(CHECKER_LOG);
    }

    @AfterAll
    static void stopDnsAndLogWatch() throws IOException {
        ((Logger) LoggerFactory.getLogger(DnsblChecker.class)).detachAppender(CHECKER_LOG);
        CHECKER_LOG.stop();
        if (dns != null) {
            dns.close();
        }
    }

    /** One bounce to the fault's recipient from {@code client}; the reply codes of RCPT and DATA, bounded in time. */
    private static List<Integer> bounce(Fault fault, String client, String id, List<String> replies) throws Exception {
        try (SmtpSession smtp = SmtpSession.open(PORTS.get(fault), SampleJames.address(client))) {
            List<Integer> codes = assertTimeoutPreemptively(HANG_GUARD,
                () -> smtp.send("", SampleJames.message("dns-faults/bounce.eml", fault.user(), id), fault.user()),
                () -> fault + ": the SMTP transaction from " + client + " did not return within " + HANG_GUARD);
            replies.addAll(smtp.replies());
            return codes;
        }
    }

    private static int counter(String name, Fault fault) {
        return METRICS.countFor(JamesDnsblMetrics.name(name, fault.zone()));
    }

    /** The WARN lines of DnsblChecker about this fault's zone. */
    private static List<String> warnings(Fault fault) {
        List<ILoggingEvent> events;
        synchronized (CHECKER_LOG) { // AppenderBase.doAppend adds under this lock
            events = new ArrayList<>(CHECKER_LOG.list);
        }
        return events.stream()
            .filter(event -> event.getLevel() == Level.WARN)
            .map(ILoggingEvent::getFormattedMessage)
            .filter(message -> message.contains("DNSBL " + fault.zone() + ":"))
            .collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, mode = EnumSource.Mode.EXCLUDE, names = "TRUNCATED_TCP_ANSWERS")
    void aDnsFaultLetsTheBouncesThroughCountsEachFailedLookupAndLogsOnce(Fault fault, GuiceJamesServer server) throws Exception {
        String kind = "errors." + fault.error.code();
        int errorsBefore = counter(kind, fault);
        int lookupsBefore = counter("lookups", fault);
        List<String> clients = new ArrayList<>(LISTED_CLIENTS);
        clients.add(LISTED_CLIENTS.get(0)); // the same IP again: its error is cached, not asked again
        List<String> replies = new ArrayList<>();

        for (int i = 0; i < clients.size(); i++) {
            assertThat(bounce(fault, clients.get(i), fault.id() + "-" + i, replies)).as("%s from %s: %s", fault, clients.get(i), replies)
                .containsExactly(250, 250);
        }

        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort())
                .login(fault.user(), PASSWORD).select(TestIMAPClient.INBOX).awaitMessageCount(AWAIT, clients.size());
        }
        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);
        assertThat(repositories.getRepositoryMailCount(QUARANTINE)).as("quarantined").isZero();
        assertThat(repositories.getRepositoryMailCount(ERRORS)).as("in the error repository").isZero();

        assertThat(counter(kind, fault) - errorsBefore).as("%s counted", kind).isEqualTo(LISTED_CLIENTS.size());
        assertThat(counter("lookups", fault) - lookupsBefore).as("lookups").isEqualTo(LISTED_CLIENTS.size());
        assertThat(counter("listed", fault)).isZero();
        if (fault.script != null) {
            assertThat(dns.udpQueries(fault.zone())).as("the scripted server was asked").isPositive();
        }

        List<String> warnings = warnings(fault);
        assertThat(warnings).as("WARN lines of DnsblChecker about %s", fault.zone()).hasSize(1);
        assertThat(warnings.get(0)).contains(fault.error.code()).contains("fail-open");
    }

    @Test
    void aTruncatedAnswerIsAskedAgainOverTcpAndTheListingHolds() throws Exception {
        Fault fault = Fault.TRUNCATED_TCP_ANSWERS;
        int tcpBefore = dns.tcpQueries(fault.zone());
        List<String> replies = new ArrayList<>();

        for (String client : LISTED_CLIENTS) {
            assertThat(bounce(fault, client, fault.id() + "-" + client, replies)).as("%s", replies).containsExactly(554);
        }

        assertThat(replies).allSatisfy(reply -> assertThat(reply).startsWith("554 5.7.1 ")
            .contains(fault.zone()).contains("listed, answered over TCP"));
        assertThat(dns.tcpQueries(fault.zone()) - tcpBefore).as("queries over TCP").isGreaterThanOrEqualTo(LISTED_CLIENTS.size());
        assertThat(counter("listed", fault)).isEqualTo(LISTED_CLIENTS.size());
        assertThat(counter("errors", fault)).isZero();
        assertThat(warnings(fault)).isEmpty();
    }
}
