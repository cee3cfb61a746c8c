package io.github.backscatterguard.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

import io.github.backscatterguard.batv.PrvsCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code batv verify}: checks a signed address as BatvRcptHook would; prints the original address
 * when the signature is valid, otherwise why not.
 */
@Command(name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    header = "Checks a BATV-signed (prvs) address as the BatvRcptHook does.",
    description = {
        "Prints the original address when the signature is valid (our key, not",
        "expired). Otherwise prints 'invalid: STATUS' and the reason, STATUS being",
        "not-tagged, bad-signature (forged, or made for another address),",
        "unknown-key (a key number the file does not hold) or expired.",
        ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:valid: the original address was printed",
        "1:not valid: not signed, bad signature, unknown key or expired (printed)",
        "2:usage error, unreadable or malformed key file"
    })
final class BatvVerifyCommand implements Callable<Integer> {
    static final int EXIT_VALID = 0;
    static final int EXIT_INVALID = 1;
    static final int EXIT_ERROR = 2;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "The signed address, e.g. prvs=0798abc123=alice@example.com.")
    private String address;

    @Mixin
    private BatvKeyOptions keyOptions;

    private final Clock clock;

    BatvVerifyCommand() {
        this(Clock.systemUTC());
    }

    BatvVerifyCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrvsCheck check;
        try {
            check = keyOptions.codec(keyOptions.keys(), clock).verify(address);
        } catch (BatvKeyOptions.Problem e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return EXIT_ERROR;
        }
        if (check.isValid()) {
            out.println(check.original().orElseThrow());
        } else {
            out.println("invalid: " + check.status().code() + " (" + reason(check) + ")");
        }
        out.flush();
        return check.isValid() ? EXIT_VALID : EXIT_INVALID;
    }

    private String reason(PrvsCheck check) {
        String original = check.original().orElse("");
        switch (check.status()) {
            case NOT_TAGGED:
                return "the address carries no prvs tag";
            case UNKNOWN_KEY:
                return "the tag names a key number the key file does not hold; original address " + original;
            case BAD_SIGNATURE:
                return "the signature does not match: forged, or made for another address; original address " + original;
            case EXPIRED:
                return "the signature is ours but older than the validity of " + keyOptions.validity + "; original address " + original;
            default:
                return check.status().code();
        }
    }
}
