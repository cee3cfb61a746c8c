package io.github.backscatterguard.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.github.backscatterguard.spf.SpfOutcome;
import io.github.backscatterguard.spf.SpfQuery;
import io.github.backscatterguard.spf.SpfResult;
import io.github.backscatterguard.spf.SpfSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spf check}: the SPF result (RFC 7208) of one client IP, envelope sender and HELO name, as
 * the SpfResultIs matcher would compute it, with the domain checked, its record and the
 * explanation, so an administrator can see why a bounce would be withheld.
 */
@Command(name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    header = "Checks the SPF of a client IP for an envelope sender, as the SpfResultIs matcher does.",
    description = {
        "Evaluates SPF (RFC 7208) for IP and the sender's domain, or, for the null",
        "sender <>, for postmaster@ the HELO name (RFC 7208 section 2.4), and prints",
        "the domain checked, its SPF record(s), the explanation of a fail, why an",
        "error or none came about, and the result: none, neutral, pass, fail,",
        "softfail, temperror (a DNS problem: timeout, SERVFAIL, REFUSED) or",
        "permerror (a broken record, or two of them).",
        "",
        "IP must be an address literal; host names are never looked up.",
        "",
        "Examples:",
        "  backscatter-guard spf check --ip 192.0.2.1 --sender alice@example.com",
        "  backscatter-guard spf check --ip 2001:db8::1 --sender '<>' --helo mx.example.com",
        "  backscatter-guard spf check --ip 192.0.2.1 --sender alice@example.com \\",
        "      --dns-server 127.0.0.1:5353 --timeout 5s",
        ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the result is pass",
        "1:any other result (none, neutral, fail, softfail, temperror, permerror)",
        "2:usage error, or the check itself failed"
    })
final class SpfCheckCommand implements Callable<Integer> {
    static final int EXIT_PASS = 0;
    static final int EXIT_OTHER_RESULT = 1;
    static final int EXIT_ERROR = 2;

    /** The option behind each key of {@link SpfSettings}, to name it in error messages. */
    private static final Map<String, String> OPTION_OF_SETTING = Map.of("dnsServers", "--dns-server", "timeout", "--timeout");

    @Spec
    private CommandSpec spec;

    @Option(names = "--ip", required = true, paramLabel = "IP",
        description = "The client's address: IPv4 (192.0.2.1) or IPv6 (2001:db8::1).")
    private String ip;

    @Option(names = "--sender", required = true, paramLabel = "ADDRESS",
        description = "The envelope sender (MAIL FROM), e.g. alice@example.com; '<>' or '' is the null sender, "
            + "checked as postmaster@ the HELO name.")
    private String sender;

    @Option(names = "--helo", paramLabel = "NAME",
        description = "The name the client gave in HELO/EHLO; needed for the null sender.")
    private String helo;

    @Option(names = "--dns-server", paramLabel = "HOST[:PORT]",
        description = "The DNS server to ask: an IP literal, [IPv6]:PORT with a port; comma-separated for several."
            + "%nDefault: the system's resolvers (/etc/resolv.conf).")
    private String dnsServer;

    @Option(names = "--timeout", paramLabel = "DURATION",
        description = "How long the whole check may take, all its queries included, e.g. 5s (at most 60s)."
            + "%nDefault: 20s.")
    private String timeout;

    @Override
    public Integer call() {
        InetAddress address = address();
        SpfQuery query = query(address);
        SpfSettings settings = settings();

        SpfOutcome outcome;
        try {
            outcome = settings.newEvaluator().evaluate(query);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("spf check: the check failed: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return EXIT_ERROR;
        }

        PrintWriter out = spec.commandLine().getOut();
        out.println("IP:          " + address.getHostAddress());
        out.println("Sender:      " + query.sender().map(from -> "<" + from + ">").orElse("<> (the null sender)"));
        out.println("HELO:        " + query.helo().orElse("(none)"));
        out.println("Identity:    " + query.identity().orElse("(none)"));
        out.println("Domain:      " + outcome.domain().orElse("(none)"));
        out.println("DNS:         " + CheckOptions.describe(settings.dnsServers()) + ", timeout " + settings.timeout().toMillis() + " ms");
        if (outcome.records().isEmpty()) {
            out.println("Record:      (none)");
        }
        for (String record : outcome.records()) {
            out.println("Record:      " + record);
        }
        out.println("Explanation: " + outcome.explanation().orElse("(none)"));
        outcome.detail().ifPresent(detail -> out.println("Detail:      " + detail));
        out.println("Result:      " + outcome.result().code());
        out.flush();
        return outcome.result() == SpfResult.PASS ? EXIT_PASS : EXIT_OTHER_RESULT;
    }

    private InetAddress address() {
        try {
            return IpLiteral.parse(ip);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--ip': " + e.getMessage());
        }
    }

    private SpfQuery query(InetAddress address) {
        try {
            return SpfQuery.of(address, CheckOptions.envelopeSender(sender), Optional.ofNullable(helo));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--sender': " + e.getMessage());
        }
    }

    /** The settings as the matcher reads them, so the CLI accepts exactly what James's configuration does. */
    private SpfSettings settings() {
        Map<String, String> values = new LinkedHashMap<>();
        if (dnsServer != null) {
            values.put(SpfSettings.DNS_SERVERS, dnsServer);
        }
        if (timeout != null) {
            values.put(SpfSettings.TIMEOUT, timeout);
        }
        try {
            return SpfSettings.from(values);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), CheckOptions.renameParameters(e.getMessage(), OPTION_OF_SETTING));
        }
    }

}
