package io.github.backscatterguard.ndr;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a message is, as far as backscatter is concerned. The {@link #code()} is the word used in
 * matcher conditions, Mail attributes and the CLI output.
 */
public enum MessageKind {
    /** A non-delivery report: a DSN or MTA bounce saying delivery failed permanently. */
    NDR("ndr"),
    /** A delayed-delivery DSN: the MTA is still trying. */
    DELAY("delay"),
    /** A DSN reporting success (delivered, relayed, expanded). */
    SUCCESS_DSN("success-dsn"),
    /** A vacation message or other automatic answer (RFC 3834). */
    AUTO_REPLY("auto-reply"),
    /** A message disposition notification, i.e. a read receipt (RFC 3798/8098). */
    MDN("mdn"),
    /** An abuse feedback report (ARF, RFC 5965). */
    FEEDBACK_REPORT("feedback-report"),
    /** Another machine-generated report: DMARC aggregate or failure, SMTP TLS reporting, ... */
    OTHER_REPORT("other-report"),
    /** A challenge of a challenge-response anti-spam system asking the sender to confirm. */
    CHALLENGE_RESPONSE("challenge-response"),
    /** Anything else: mail written by people or ordinary programs. */
    REGULAR("regular");

    private final String code;

    MessageKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** True for the kinds a backscatter filter treats as bounces: {@link #NDR} and {@link #DELAY}. */
    public boolean isBounce() {
        return this == NDR || this == DELAY;
    }

    /** The kind whose code is {@code code} (case-insensitive), if any. */
    public static Optional<MessageKind> fromCode(String code) {
        String wanted = code.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(kind -> kind.code.equals(wanted)).findFirst();
    }

    /** The accepted codes, comma-separated, for error messages. */
    public static String acceptedCodes() {
        return Arrays.stream(values()).map(MessageKind::code).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return code;
    }
}
