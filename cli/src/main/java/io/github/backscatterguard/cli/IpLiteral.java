package io.github.backscatterguard.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Parses an IP address literal, IPv4 or IPv6, and never a host name: {@link InetAddress#getByName}
 * alone would send a name to the DNS, and "check-ip mail.example.org" must be an error, not a lookup.
 */
final class IpLiteral {
    static final String ACCEPTED = "an IPv4 address such as 192.0.2.1 or an IPv6 address such as 2001:db8::1";

    /** Four decimal octets without leading zeros (which some tools read as octal). */
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /**
     * Hex groups and colons, possibly ending in dotted IPv4; no zone index (%eth0). Starting with a
     * hex digit or a colon and holding a colon, it is one Java parses as an IPv6 literal or rejects.
     */
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("(?=.*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private IpLiteral() {
    }

    /** Throws {@link IllegalArgumentException} naming the value and what is accepted. */
    static InetAddress parse(String text) {
        String literal = text.trim();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        if (!IPV4.matcher(literal).matches() && !IPV6_CHARACTERS.matcher(literal).matches()) {
            throw bad(text);
        }
        try {
            // Only a literal reaches this point: Java parses it without any lookup (an invalid IPv6
            // literal fails as such, since it contains a colon).
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw bad(text);
        }
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("'" + text + "' is not an IP address literal; accepted: " + ACCEPTED
            + " (host names are not looked up)");
    }
}
