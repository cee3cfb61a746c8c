package io.github.backscatterguard.policy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import io.github.backscatterguard.config.IpLiterals;

/**
 * The networks of the relays we trust to have checked their own clients (a hosted filter in front
 * of James): CIDR blocks such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}, IPv4 and IPv6.
 */
public final class TrustedNetworks {
    private static final TrustedNetworks NONE = new TrustedNetworks(List.of(), "");

    private static final class Block {
        final byte[] network;
        final int prefix;

        Block(byte[] network, int prefix) {
            this.network = network;
            this.prefix = prefix;
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;
    private final String text;

    private TrustedNetworks(List<Block> blocks, String text) {
        this.blocks = blocks;
        this.text = text;
    }

    public static TrustedNetworks none() {
        return NONE;
    }

    /**
     * Parses CIDR blocks separated by commas or spaces; a bare address is a /32 or /128. Throws
     * {@link IllegalArgumentException} naming the bad block.
     */
    public static TrustedNetworks parse(String text) {
        List<Block> blocks = new ArrayList<>();
        for (String item : text.trim().split("[,\\s]+")) {
            if (!item.isEmpty()) {
                blocks.add(parseBlock(item));
            }
        }
        return blocks.isEmpty() ? NONE : new TrustedNetworks(List.copyOf(blocks), text.trim());
    }

    private static Block parseBlock(String item) {
        int slash = item.indexOf('/');
        String address = slash < 0 ? item : item.substring(0, slash);
        byte[] network = IpLiterals.parse(address)
            .orElseThrow(() -> bad(item, "'" + address + "' is not an IP address literal"))
            .getAddress();
        int max = network.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String bits = item.substring(slash + 1);
            prefix = bits.matches("[0-9]{1,3}") ? Integer.parseInt(bits) : -1;
            if (prefix < 0 || prefix > max) {
                throw bad(item, "prefix length '" + bits + "' is not between 0 and " + max);
            }
        }
        return new Block(network, prefix);
    }

    private static IllegalArgumentException bad(String item, String why) {
        return new IllegalArgumentException("invalid trusted network '" + item + "': " + why
            + "; accepted: CIDR blocks such as 192.0.2.0/24 or 2001:db8::/32, separated by commas");
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    public boolean contains(InetAddress ip) {
        byte[] address = ip.getAddress();
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
