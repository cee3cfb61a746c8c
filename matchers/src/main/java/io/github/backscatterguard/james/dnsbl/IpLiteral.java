package io.github.backscatterguard.james.dnsbl;

import io.github.backscatterguard.config.IpLiterals;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Parses the remote address James records on a mail ({@code Mail.getRemoteAddr()}): an address
 * literal, possibly in brackets or with an IPv6 zone index. The parse never turns into a DNS query
 * (see {@link IpLiterals}).
 */
public final class IpLiteral {
    private IpLiteral() {
    }

    public static Optional<InetAddress> parse(String text) {
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
        return literal.isEmpty() ? Optional.empty() : IpLiterals.parse(literal);
    }
}
