package io.github.backscatterguard.cli;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the DNS-based check commands ({@code check-ip}, {@code spf check}) share in reading and printing their options. */
final class CheckOptions {
    private CheckOptions() {
    }

    /** The resolvers a check asks, for the output: {@code [::1]:53, 127.0.0.1:5353} or the system's. */
    static String describe(List<InetSocketAddress> servers) {
        if (servers.isEmpty()) {
            return "the system's resolvers";
        }
        return servers.stream()
            .map(server -> {
                String host = server.getAddress().getHostAddress();
                return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + server.getPort();
            })
            .collect(Collectors.joining(", "));
    }

    /**
     * A settings error as the CLI user should read it: the settings classes name the configuration
     * parameter ("parameter 'timeout' ..."); the CLI names its option ("--timeout") instead.
     */
    static String renameParameters(String message, Map<String, String> optionOfSetting) {
        String renamed = message;
        for (Map.Entry<String, String> setting : optionOfSetting.entrySet()) {
            String parameter = "parameter '" + setting.getKey() + "'";
            renamed = renamed.replace(parameter + " has a bad value: ", "Invalid value for option '" + setting.getValue() + "': ")
                .replace(parameter, "Option '" + setting.getValue() + "'");
        }
        return renamed;
    }

    /** An envelope sender as typed: empty for the null sender ({@code <>} or ''), else the address without brackets. */
    static Optional<String> envelopeSender(String text) {
        String address = text.trim();
        if (address.startsWith("<") && address.endsWith(">")) {
            address = address.substring(1, address.length() - 1).trim();
        }
        return address.isEmpty() ? Optional.empty() : Optional.of(address);
    }
}
