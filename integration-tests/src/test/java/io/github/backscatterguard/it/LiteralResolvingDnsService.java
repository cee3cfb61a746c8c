package io.github.backscatterguard.it;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.apache.james.dnsservice.api.InMemoryDNSService;

import com.google.common.net.InetAddresses;

/**
 * James's in-memory DNS for tests, answering address literals as a real resolver does (to
 * themselves), so nothing leaves loopback and no literal needs registering. James resolves more
 * literals than one expects: {@code authorizedAddresses} 127.0.0.1/32 becomes a lookup of
 * "127.0.0.1" and of the mask "255.255.255.255" (InetNetworkBuilder); the plain fake knows neither
 * and the network is silently dropped, so relaying is denied.
 */
final class LiteralResolvingDnsService extends InMemoryDNSService {

    @Override
    public List<InetAddress> getAllByName(String host) throws UnknownHostException {
        if (InetAddresses.isInetAddress(host)) {
            return List.of(InetAddresses.forString(host));
        }
        return super.getAllByName(host);
    }

    @Override
    public InetAddress getByName(String host) throws UnknownHostException {
        if (InetAddresses.isInetAddress(host)) {
            return InetAddresses.forString(host);
        }
        return super.getByName(host);
    }

    /** Reverse lookups of unknown addresses answer the literal, as for a host without PTR record. */
    @Override
    public String getHostName(InetAddress address) {
        try {
            return super.getHostName(address);
        } catch (RuntimeException unknown) {
            return address.getHostAddress();
        }
    }
}
