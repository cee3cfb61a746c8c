package io.github.backscatterguard.dnsbl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one DNSBL check: listed (with the answer codes that passed the filter and the TXT
 * reason when asked for), not listed, or an error, which callers treat as not listed (fail open).
 */
public final class DnsblResult {
    public enum Status { LISTED, NOT_LISTED, ERROR }

    private final DnsblZone zone;
    private final Status status;
    private final List<String> codes;
    private final String reason;
    private final LookupError error;
    private final String errorDetail;

    private DnsblResult(DnsblZone zone, Status status, List<String> codes, String reason, LookupError error, String errorDetail) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.status = status;
        this.codes = List.copyOf(codes);
        this.reason = reason;
        this.error = error;
        this.errorDetail = errorDetail;
    }

    public static DnsblResult listed(DnsblZone zone, List<String> codes, String reason) {
        return new DnsblResult(zone, Status.LISTED, codes, reason, null, null);
    }

    public static DnsblResult notListed(DnsblZone zone) {
        return new DnsblResult(zone, Status.NOT_LISTED, List.of(), null, null, null);
    }

    public static DnsblResult error(DnsblZone zone, LookupError error, String detail) {
        return new DnsblResult(zone, Status.ERROR, List.of(), null, Objects.requireNonNull(error, "error"), detail);
    }

    public DnsblZone zone() {
        return zone;
    }

    public Status status() {
        return status;
    }

    public boolean isListed() {
        return status == Status.LISTED;
    }

    /** The answer addresses that passed the zone's filter, e.g. {@code 127.0.0.2}. */
    public List<String> codes() {
        return codes;
    }

    /** The zone's TXT text for the listing, when it was asked for and present. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    public Optional<LookupError> error() {
        return Optional.ofNullable(error);
    }

    public Optional<String> errorDetail() {
        return Optional.ofNullable(errorDetail);
    }

    /** One line for logs and the CLI, e.g. {@code listed in ips.backscatterer.org (127.0.0.2)}. */
    public String describe() {
        switch (status) {
            case LISTED:
                return "listed in " + zone.name() + " (" + String.join(",", codes) + ")"
                    + (reason == null ? "" : ": " + reason);
            case NOT_LISTED:
                return "not listed in " + zone.name();
            default:
                return "error querying " + zone.name() + ": " + error + (errorDetail == null ? "" : " (" + errorDetail + ")");
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
