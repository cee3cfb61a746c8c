package io.github.backscatterguard.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.github.backscatterguard.dnsbl.DnsblCache;
import io.github.backscatterguard.dnsbl.DnsblChecker;
import io.github.backscatterguard.dnsbl.DnsblMetrics;
import io.github.backscatterguard.dnsbl.DnsblQueryName;
import io.github.backscatterguard.dnsbl.DnsblResult;
import io.github.backscatterguard.dnsbl.DnsblSettings;
import io.github.backscatterguard.policy.SafeModeSenderPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code check-ip}: asks a DNSBL about one IP as the safe-mode matchers and hooks would, and shows
 * the query, the answer and, for a given envelope sender, whether safe mode would reject the mail.
 */
@Command(name = "check-ip",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    header = "Checks an IP against a DNSBL zone, as the safe-mode matchers and hooks do.",
    description = {
        "Queries the zone for IP (RFC 5782: reversed IPv4 octets or IPv6 nibbles,",
        "then the zone) and prints the query name, the answer codes that pass the",
        "zone's filter, the TXT reason and the result: listed, not listed, or the",
        "error (timeout, server-error, network, out-of-range-answer for an answer",
        "outside 127.0.0.0/8, query-refused-code for 127.255.255.x, the list's",
        "way of refusing a resolver). Where Backscatter Guard runs, an error counts",
        "as not listed (fail-open).",
        "",
        "With --sender, also tells whether safe mode would reject mail from that",
        "envelope sender: only <> (the null sender) and postmaster@ any domain",
        "qualify, as Backscatterer.org defines it.",
        "",
        "IP must be an address literal; host names are never looked up.",
        "",
        "Examples:",
        "  backscatter-guard check-ip 192.0.2.1",
        "  backscatter-guard check-ip 2001:db8::1 --sender '<>'",
        "  backscatter-guard check-ip 192.0.2.1 --zone bl.example.org=127.0.0.[2..11] \\",
        "      --dns-server 127.0.0.1:5353 --timeout 500ms",
        ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the IP is listed",
        "1:the IP is not listed",
        "2:the lookup failed (timeout, refused, bad answer...) or usage error"
    })
final class CheckIpCommand implements Callable<Integer> {
    static final String DEFAULT_ZONE = "ips.backscatterer.org=127.0.0.2";
    static final int EXIT_LISTED = 0;
    static final int EXIT_NOT_LISTED = 1;
    static final int EXIT_ERROR = 2;

    /** The option behind each key of {@link DnsblSettings}, to name it in error messages. */
    private static final Map<String, String> OPTION_OF_SETTING = Map.of(
        DnsblSettings.ZONE, "--zone",
        DnsblSettings.DNS_SERVERS, "--dns-server",
        DnsblSettings.TIMEOUT, "--timeout");

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IP", description = "The address to check: IPv4 (192.0.2.1) or IPv6 (2001:db8::1).")
    private String ip;

    @Option(names = "--zone", paramLabel = "ZONE[=FILTER]", defaultValue = DEFAULT_ZONE,
        description = "The DNSBL zone, and which answers count as listed, in Postfix's syntax (127.0.0.2, "
            + "127.0.0.[2..11], 127.0.0.[2;4]); without a filter any answer in 127.0.0.0/8 counts.%n"
            + "Default: ${DEFAULT-VALUE}")
    private String zone;

    @Option(names = "--dns-server", paramLabel = "HOST[:PORT]",
        description = "The DNS server to ask, e.g. a local rbldnsd mirror: an IP literal, [IPv6]:PORT with a "
            + "port; comma-separated for several.%nDefault: the system's resolvers (/etc/resolv.conf).")
    private String dnsServer;

    @Option(names = "--sender", paramLabel = "ADDRESS",
        description = "An envelope sender: tells whether safe mode would reject its mail from IP. "
            + "'<>' or '' is the null sender.")
    private String sender;

    @Option(names = "--timeout", paramLabel = "DURATION",
        description = "How long the query may take, e.g. 500ms or 2s (at most 30s).%nDefault: 2s.")
    private String timeout;

    @Override
    public Integer call() {
        InetAddress address = address();
        DnsblSettings settings = settings();
        Optional<Optional<String>> envelopeSender = Optional.ofNullable(sender).map(CheckOptions::envelopeSender);

        DnsblChecker checker = settings.newChecker(new DnsblCache(16, DnsblMetrics.NONE), DnsblMetrics.NONE);
        DnsblResult result = checker.checkNow(settings.zone(), address, true);

        PrintWriter out = spec.commandLine().getOut();
        out.println("IP:        " + address.getHostAddress());
        out.println("Zone:      " + settings.zone());
        out.println("Query:     " + DnsblQueryName.of(address, settings.zone().name()));
        out.println("DNS:       " + CheckOptions.describe(settings.dnsServers()) + ", timeout " + settings.timeout().toMillis() + " ms");
        out.println("Codes:     " + (result.codes().isEmpty() ? "(none)" : String.join(", ", result.codes())));
        out.println("Reason:    " + result.reason().orElse("(none)"));
        out.println("Result:    " + outcome(result));
        envelopeSender.ifPresent(from -> out.println("Safe mode: " + safeMode(result, from)));
        out.flush();
        switch (result.status()) {
            case LISTED:
                return EXIT_LISTED;
            case NOT_LISTED:
                return EXIT_NOT_LISTED;
            default:
                return EXIT_ERROR;
        }
    }

    private InetAddress address() {
        try {
            return IpLiteral.parse(ip);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for parameter 'IP': " + e.getMessage());
        }
    }

    /** The settings as a matcher would read them, so the CLI accepts exactly what James's configuration does. */
    private DnsblSettings settings() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(DnsblSettings.ZONE, zone);
        if (dnsServer != null) {
            values.put(DnsblSettings.DNS_SERVERS, dnsServer);
        }
        if (timeout != null) {
            values.put(DnsblSettings.TIMEOUT, timeout);
        }
        try {
            return DnsblSettings.from(values, Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), CheckOptions.renameParameters(e.getMessage(), OPTION_OF_SETTING));
        }
    }



    private static String outcome(DnsblResult result) {
        switch (result.status()) {
            case LISTED:
                return "listed";
            case NOT_LISTED:
                return "not listed";
            default:
                return "error: " + result.error().map(Object::toString).orElse("unknown")
                    + result.errorDetail().map(detail -> " (" + detail + ")").orElse("")
                    + "; Backscatter Guard treats the IP as not listed (fail-open)";
        }
    }

    private static String safeMode(DnsblResult result, Optional<String> sender) {
        String from = "mail from " + sender.map(address -> "<" + address + ">").orElse("<> (the null sender)");
        if (!SafeModeSenderPolicy.backscattererDefault().qualifies(sender)) {
            return "would not reject " + from + ": safe mode only acts on <> and postmaster@ senders";
        }
        switch (result.status()) {
            case LISTED:
                return "would reject " + from + ": a bounce sender and the IP is listed";
            case NOT_LISTED:
                return "would not reject " + from + ": the IP is not listed";
            default:
                return "would not reject " + from + ": the lookup failed (fail-open)";
        }
    }
}
