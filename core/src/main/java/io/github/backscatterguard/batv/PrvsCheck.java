package io.github.backscatterguard.batv;

import java.util.Optional;

/** The outcome of checking a prvs-tagged address. */
public final class PrvsCheck {
    public enum Status {
        /** The tag is ours and not expired: the address is a real bounce target. */
        VALID("valid"),
        /** The address carries no prvs tag. */
        NOT_TAGGED("not-tagged"),
        /** The tag names a key number the key file does not hold (retired key?). */
        UNKNOWN_KEY("unknown-key"),
        /** The signature does not match: forged, or for another address. */
        BAD_SIGNATURE("bad-signature"),
        /** The signature matches but the expiry day has passed. */
        EXPIRED("expired");

        private final String code;

        Status(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Status status;
    private final String original;

    private PrvsCheck(Status status, String original) {
        this.status = status;
        this.original = original;
    }

    static PrvsCheck of(Status status, String original) {
        return new PrvsCheck(status, original);
    }

    public Status status() {
        return status;
    }

    public boolean isValid() {
        return status == Status.VALID;
    }

    /** The address inside the tag, when the address was tagged at all. */
    public Optional<String> original() {
        return Optional.ofNullable(original);
    }

    @Override
    public String toString() {
        return status.code() + (original == null ? "" : " (" + original + ")");
    }
}
