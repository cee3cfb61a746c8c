package io.github.backscatterguard.james.dnsbl;

import io.github.backscatterguard.dnsbl.DnsblResult;
import java.net.InetAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * What a DNSBL matcher found, recorded on the mail for the mailets that act on it (all values are
 * Strings):
 * <table>
 *   <caption>Attributes</caption>
 *   <tr><td>{@code io.github.backscatterguard.dnsbl.zone}</td><td>the zone that lists the IP, e.g. {@code ips.backscatterer.org}</td></tr>
 *   <tr><td>{@code io.github.backscatterguard.dnsbl.ip}</td><td>the IP that was checked</td></tr>
 *   <tr><td>{@code io.github.backscatterguard.dnsbl.codes}</td><td>the answer codes, comma-separated, e.g. {@code 127.0.0.2}</td></tr>
 *   <tr><td>{@code io.github.backscatterguard.dnsbl.reason}</td><td>the zone's TXT text, when it has one</td></tr>
 * </table>
 */
public final class ListingAttributes {
    public static final AttributeName ZONE = AttributeName.of("io.github.backscatterguard.dnsbl.zone");
    public static final AttributeName IP = AttributeName.of("io.github.backscatterguard.dnsbl.ip");
    public static final AttributeName CODES = AttributeName.of("io.github.backscatterguard.dnsbl.codes");
    public static final AttributeName REASON = AttributeName.of("io.github.backscatterguard.dnsbl.reason");

    private ListingAttributes() {
    }

    public static void write(Mail mail, InetAddress ip, DnsblResult listing) {
        mail.setAttribute(new Attribute(ZONE, AttributeValue.of(listing.zone().name())));
        mail.setAttribute(new Attribute(IP, AttributeValue.of(ip.getHostAddress())));
        mail.setAttribute(new Attribute(CODES, AttributeValue.of(String.join(",", listing.codes()))));
        listing.reason().ifPresentOrElse(
            reason -> mail.setAttribute(new Attribute(REASON, AttributeValue.of(reason))),
            () -> mail.removeAttribute(REASON));
    }
}
