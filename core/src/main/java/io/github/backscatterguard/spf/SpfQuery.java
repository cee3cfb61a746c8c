package io.github.backscatterguard.spf;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What an SPF check is about (RFC 7208 section 4.1): the client's IP, the envelope sender and the
 * HELO/EHLO name. The domain checked is the sender's; for the null sender it is the HELO name, as
 * if the mail came from {@code postmaster@<HELO name>} (RFC 7208 section 2.4).
 */
public final class SpfQuery {
    private final InetAddress ip;
    private final Optional<String> sender;
    private final Optional<String> helo;
    private final Optional<String> domain;

    private SpfQuery(InetAddress ip, Optional<String> sender, Optional<String> helo) {
        this.ip = Objects.requireNonNull(ip, "ip");
        this.sender = sender;
        this.helo = helo;
        this.domain = domainOf(sender, helo);
    }

    /**
     * The domain an SPF check of this sender and HELO name is about, in lower case: the sender's
     * domain, or the HELO name for the null sender (empty sender); empty when there is neither.
     */
    public static Optional<String> domainOf(Optional<String> sender, Optional<String> helo) {
        Optional<String> address = sender.map(String::trim).filter(text -> !text.isEmpty());
        Optional<String> name = address.isPresent()
            ? Optional.of(address.get().substring(address.get().lastIndexOf('@') + 1))
            : helo.map(String::trim);
        return name.map(SpfQuery::stripTrailingDot).filter(text -> !text.isEmpty()).map(text -> text.toLowerCase(Locale.ROOT));
    }

    /**
     * @param sender the envelope sender ({@code local@domain}); empty for the null sender {@code <>}
     * @param helo the name the client gave in HELO/EHLO, when known
     * @throws IllegalArgumentException when the sender is not {@code local@domain}
     */
    public static SpfQuery of(InetAddress ip, Optional<String> sender, Optional<String> helo) {
        Optional<String> address = sender.map(String::trim).filter(text -> !text.isEmpty());
        if (address.isPresent()) {
            int at = address.get().lastIndexOf('@');
            if (at <= 0 || at == address.get().length() - 1) {
                throw new IllegalArgumentException("'" + address.get() + "' is not an envelope sender; accepted: local@domain, or <> for the null sender");
            }
        }
        Optional<String> heloName = helo.map(name -> stripTrailingDot(name.trim())).filter(name -> !name.isEmpty());
        return new SpfQuery(ip, address, heloName);
    }

    private static String stripTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    public InetAddress ip() {
        return ip;
    }

    /** The envelope sender; empty for the null sender. */
    public Optional<String> sender() {
        return sender;
    }

    public Optional<String> helo() {
        return helo;
    }

    /**
     * The domain whose SPF record is checked, in lower case: the sender's domain, or the HELO name
     * for the null sender; empty when the null sender comes without a HELO name (nothing to check).
     */
    public Optional<String> domain() {
        return domain;
    }

    /** The MAIL FROM identity RFC 7208 checks: the sender, or {@code postmaster@<HELO name>} for the null sender. */
    public Optional<String> identity() {
        return sender.isPresent() ? sender : helo.map(name -> "postmaster@" + name);
    }

    @Override
    public String toString() {
        return "ip=" + ip.getHostAddress() + " sender=<" + sender.orElse("") + "> helo=" + helo.orElse("(none)");
    }
}
