package io.github.backscatterguard.cli;

import picocli.CommandLine.Command;

/** {@code spf}: the SPF commands; today {@code spf check}. Without a subcommand it is a usage error. */
@Command(name = "spf",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "SPF (RFC 7208) as the SpfResultIs matcher sees it.",
    description = {
        "Examples:",
        "  backscatter-guard spf check --ip 192.0.2.1 --sender alice@example.com",
        "  backscatter-guard spf check --ip 192.0.2.1 --sender '<>' --helo mx.example.com",
        ""
    },
    subcommands = {SpfCheckCommand.class})
final class SpfCommand {
}
