package io.github.backscatterguard.cli;

import picocli.CommandLine.Command;

/** {@code batv}: the parent of {@code batv sign} and {@code batv verify}. */
@Command(name = "batv",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Signs and checks BATV (prvs) addresses with the key file of the James mailets and hook.",
    description = {
        "BATV signs the envelope sender of outgoing mail (prvs=KDDDSSSSSS=user@domain:",
        "K the key number, DDD the expiry day, SSSSSS an HMAC-SHA1 of both and the",
        "address), so that a bounce to an unsigned or badly signed address can be",
        "refused as a forgery. The key file holds one key per line, 'N SECRET'",
        "(N = key number 0-9); it is the file BatvSign, BatvRcptHook and BatvStrip",
        "read. Tags made here are those Exim's ${prvs} makes.",
        "",
        "Examples:",
        "  backscatter-guard batv sign alice@example.com --key-file /etc/james/batv.keys",
        "  backscatter-guard batv verify prvs=0798abc123=alice@example.com --key-file /etc/james/batv.keys",
        ""
    },
    subcommands = {BatvSignCommand.class, BatvVerifyCommand.class})
final class BatvCommand {
}
