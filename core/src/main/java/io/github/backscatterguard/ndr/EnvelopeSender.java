package io.github.backscatterguard.ndr;

import java.util.Objects;
import java.util.Optional;

/**
 * The SMTP envelope sender (MAIL FROM) as far as it is known. A mail server knows it; a file on
 * disk does not, so the classifier must then rely on headers such as Return-Path.
 */
public final class EnvelopeSender {
    private static final EnvelopeSender UNKNOWN = new EnvelopeSender(State.UNKNOWN, null);
    private static final EnvelopeSender NULL_SENDER = new EnvelopeSender(State.NULL_SENDER, null);

    private enum State { UNKNOWN, NULL_SENDER, ADDRESS }

    private final State state;
    private final String address;

    private EnvelopeSender(State state, String address) {
        this.state = state;
        this.address = address;
    }

    /** No envelope is known (a message read from a file). */
    public static EnvelopeSender unknown() {
        return UNKNOWN;
    }

    /** The null reverse-path {@code MAIL FROM:<>}, which RFC 5321 reserves for notifications. */
    public static EnvelopeSender nullSender() {
        return NULL_SENDER;
    }

    /** A real reverse-path such as {@code user@example.com}. */
    public static EnvelopeSender of(String address) {
        Objects.requireNonNull(address, "address");
        if (address.isEmpty() || address.equals("<>")) {
            return NULL_SENDER;
        }
        return new EnvelopeSender(State.ADDRESS, address);
    }

    public boolean isKnown() {
        return state != State.UNKNOWN;
    }

    public boolean isNullSender() {
        return state == State.NULL_SENDER;
    }

    public Optional<String> address() {
        return Optional.ofNullable(address);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EnvelopeSender)) {
            return false;
        }
        EnvelopeSender other = (EnvelopeSender) o;
        return state == other.state && Objects.equals(address, other.address);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, address);
    }

    @Override
    public String toString() {
        switch (state) {
            case UNKNOWN:
                return "unknown";
            case NULL_SENDER:
                return "<>";
            default:
                return "<" + address + ">";
        }
    }
}
