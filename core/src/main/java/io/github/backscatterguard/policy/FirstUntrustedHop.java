package io.github.backscatterguard.policy;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.backscatterguard.config.IpLiterals;

/**
 * The IP a DNSBL should judge when James sits behind trusted relays: the connecting IP if it is
 * not trusted, else the client IP recorded by the trusted relays' Received headers, newest first,
 * until one is outside the trusted networks. Only the {@code from} clause's bracketed address
 * literal is read ({@code from helo (rdns [192.0.2.1])}, {@code [IPv6:2001:db8::1]}): it is the
 * address the receiving relay saw, the one part of a Received header a client cannot choose.
 */
public final class FirstUntrustedHop {
    private static final Pattern FROM_ADDRESS = Pattern.compile(
        "\\[(?:IPv6:)?([0-9a-fA-F:.]{2,45})\\]");
    private static final Pattern BY_CLAUSE = Pattern.compile("(?i)(?:^|[\\s)])by\\s");

    private final TrustedNetworks trusted;

    public FirstUntrustedHop(TrustedNetworks trusted) {
        this.trusted = trusted;
    }

    /**
     * Whether the SMTP client is a trusted relay, i.e. whether {@link #find} needs the Received chain;
     * for any other client it answers the client's own address without reading it.
     */
    public boolean needsReceivedChain(InetAddress connectingIp) {
        return trusted.contains(connectingIp);
    }

    /**
     * @param connectingIp the address of the SMTP client James saw
     * @param receivedHeaders the Received header values, newest (topmost) first
     * @return the IP to check; empty when every hop is trusted (nothing to check)
     */
    public Optional<InetAddress> find(InetAddress connectingIp, List<String> receivedHeaders) {
        if (!trusted.contains(connectingIp)) {
            return Optional.of(connectingIp);
        }
        for (String received : receivedHeaders) {
            Optional<InetAddress> client = clientOf(received);
            if (client.isEmpty()) {
                continue;
            }
            if (!trusted.contains(client.get())) {
                return client;
            }
        }
        return Optional.empty();
    }

    /** The bracketed address in the {@code from} clause of one Received header, if any. */
    static Optional<InetAddress> clientOf(String received) {
        String value = received.replaceAll("\\s+", " ");
        Matcher by = BY_CLAUSE.matcher(value);
        String fromClause = by.find() ? value.substring(0, by.start()) : value;
        if (!fromClause.trim().regionMatches(true, 0, "from", 0, 4)) {
            return Optional.empty();
        }
        Matcher address = FROM_ADDRESS.matcher(fromClause);
        while (address.find()) {
            // A sender writes what it likes in a Received header: only a true literal is taken, never resolved.
            Optional<InetAddress> literal = IpLiterals.parse(address.group(1));
            if (literal.isPresent()) {
                return literal;
            }
        }
        return Optional.empty();
    }
}
