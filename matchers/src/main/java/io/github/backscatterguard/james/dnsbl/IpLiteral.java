package io.github.backscatterguard.james.dnsbl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Parses the remote address James records on a mail. Only address literals are accepted, so the
 * parse never turns into a DNS query (InetAddress.getByName would resolve a host name).
 */
final class IpLiteral {
    private IpLiteral() {
    }

    static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String literal = text.trim();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (!literal.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !(literal.indexOf(':') >= 0 && literal.matches("[0-9a-fA-F:.]+"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
