package io.github.backscatterguard.dnsbl;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.github.backscatterguard.config.IpLiterals;

/**
 * Parses the {@code dnsServers} parameter: {@code HOST[:PORT],...}, where HOST is an IPv4 address,
 * a bracketed IPv6 address ({@code [::1]:5353}) or a bare IPv6 address without port. Only literal
 * addresses are accepted: resolving a name to find the resolver would itself need DNS.
 */
public final class DnsServers {
    private static final int DNS_PORT = 53;

    private DnsServers() {
    }

    public static List<InetSocketAddress> parse(String text) {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String item : text.split(",")) {
            String entry = item.trim();
            if (entry.isEmpty()) {
                continue;
            }
            servers.add(parseOne(entry));
        }
        if (servers.isEmpty()) {
            throw bad(text, "no server given");
        }
        return List.copyOf(servers);
    }

    private static InetSocketAddress parseOne(String entry) {
        String host;
        String port = null;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0) {
                throw bad(entry, "missing ']'");
            }
            host = entry.substring(1, close);
            String rest = entry.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(entry, "expected ':PORT' after ']'");
                }
                port = rest.substring(1);
            }
        } else if (entry.indexOf(':') == entry.lastIndexOf(':') && entry.indexOf(':') >= 0) {
            host = entry.substring(0, entry.indexOf(':'));
            port = entry.substring(entry.indexOf(':') + 1);
        } else {
            host = entry;
        }
        InetAddress address = IpLiterals.parse(host).orElseThrow(() -> bad(entry, "'" + host + "' is not an IP address literal"));
        int portNumber = DNS_PORT;
        if (port != null) {
            try {
                portNumber = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                portNumber = -1;
            }
            if (portNumber < 1 || portNumber > 65535) {
                throw bad(entry, "'" + port + "' is not a port (1-65535)");
            }
        }
        return new InetSocketAddress(address, portNumber);
    }

    private static IllegalArgumentException bad(String value, String why) {
        return new IllegalArgumentException("invalid DNS server '" + value + "': " + why
            + "; accepted: IP[:PORT] or [IPv6]:PORT, comma-separated (e.g. 127.0.0.1:5353,[::1]:5353)");
    }
}
