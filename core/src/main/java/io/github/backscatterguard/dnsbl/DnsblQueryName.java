package io.github.backscatterguard.dnsbl;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The DNS name to query for an IP in a zone (RFC 5782 section 2.1 and 2.4): IPv4 octets reversed,
 * IPv6 as 32 reversed nibbles, each followed by the zone.
 */
public final class DnsblQueryName {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private DnsblQueryName() {
    }

    public static String of(InetAddress ip, String zone) {
        byte[] bytes = ip.getAddress();
        StringBuilder name = new StringBuilder(80);
        if (ip instanceof Inet4Address) {
            for (int i = 3; i >= 0; i--) {
                name.append(bytes[i] & 0xff).append('.');
            }
        } else if (ip instanceof Inet6Address) {
            for (int i = 15; i >= 0; i--) {
                name.append(HEX[bytes[i] & 0x0f]).append('.').append(HEX[(bytes[i] >>> 4) & 0x0f]).append('.');
            }
        } else {
            throw new IllegalArgumentException("not an IPv4 or IPv6 address: " + ip);
        }
        return name.append(zone).toString();
    }
}
