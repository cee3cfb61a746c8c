package io.github.backscatterguard.cli;

import java.time.Clock;
import java.util.concurrent.Callable;

import io.github.backscatterguard.batv.BatvKeyRing;
import io.github.backscatterguard.batv.PrvsCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code batv sign}: prints the signed (prvs) form of an address, as BatvSign would write it today. */
@Command(name = "sign",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    header = "Prints the BATV-signed (prvs) form of an address, as the BatvSign mailet writes it today.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the signed address was printed",
        "2:usage error, unreadable or malformed key file, no such key"
    })
final class BatvSignCommand implements Callable<Integer> {
    static final int EXIT_SIGNED = 0;
    static final int EXIT_ERROR = 2;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "The address to sign, e.g. alice@example.com.")
    private String address;

    @Mixin
    private BatvKeyOptions keyOptions;

    @Option(names = "--key", paramLabel = "N", description = "The key number that signs (0-9).%nDefault: the key of the file's first line.")
    private Integer keyNumber;

    private final Clock clock;

    BatvSignCommand() {
        this(Clock.systemUTC());
    }

    BatvSignCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        try {
            if (PrvsCodec.isTagged(address)) {
                throw new BatvKeyOptions.Problem("'" + address + "' is already signed; give the original address");
            }
            if (!looksLikeAnAddress(address)) {
                throw new BatvKeyOptions.Problem("Invalid value for parameter 'ADDRESS': '" + address + "' is not a mail address (local@domain)");
            }
            BatvKeyRing keys = keyOptions.keys();
            if (keyNumber != null) {
                try {
                    keys = keys.signingWith(keyNumber);
                } catch (IllegalArgumentException e) {
                    throw new BatvKeyOptions.Problem("Invalid value for option '--key': " + e.getMessage());
                }
            }
            spec.commandLine().getOut().println(keyOptions.codec(keys, clock).sign(address));
            spec.commandLine().getOut().flush();
            return EXIT_SIGNED;
        } catch (BatvKeyOptions.Problem e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return EXIT_ERROR;
        }
    }

    /** local@domain with both parts present and no spaces; the server's parser judges the rest. */
    private static boolean looksLikeAnAddress(String text) {
        int at = text.lastIndexOf('@');
        return at > 0 && at < text.length() - 1 && text.chars().noneMatch(Character::isWhitespace);
    }
}
