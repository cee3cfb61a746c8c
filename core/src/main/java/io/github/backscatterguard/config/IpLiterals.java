package io.github.backscatterguard.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IP address literals, IPv4 dotted quads and IPv6, read without ever asking the DNS.
 * {@link InetAddress#getByName} resolves whatever it does not take for a literal, so text such as
 * {@code 999.1.1.1} in a Received header would become a DNS query from the mail path; and it takes
 * the old short forms, {@code 10} for 0.0.0.10, which no administrator means.
 */
public final class IpLiterals {
    private static final Pattern DOTTED_QUAD = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private IpLiterals() {
    }

    /** The address written in {@code text}, or empty when it is not a literal. */
    public static Optional<InetAddress> parse(String text) {
        Matcher quad = DOTTED_QUAD.matcher(text);
        if (quad.matches()) {
            byte[] octets = new byte[4];
            for (int i = 0; i < 4; i++) {
                int value = Integer.parseInt(quad.group(i + 1));
                if (value > 255) {
                    return Optional.empty();
                }
                octets[i] = (byte) value;
            }
            return Optional.of(address(octets));
        }
        // InetAddress parses text that starts with a hex digit or ':' and holds a ':' as IPv6 and never
        // resolves it; text starting otherwise (".:1") would go to the resolver.
        if (!IPV6_CHARACTERS.matcher(text).matches() || !(text.charAt(0) == ':' || Character.digit(text.charAt(0), 16) >= 0)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static InetAddress address(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four octets are always an IPv4 address", e);
        }
    }
}
