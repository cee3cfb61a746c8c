package io.github.backscatterguard.ndr;

import io.github.backscatterguard.ndr.mime.HeaderSection;
import java.util.Locale;

/**
 * Who sent the message, as far as it matters for bounces: the null reverse-path (from the SMTP
 * envelope when known, else from {@code Return-Path: <>}) and the conventional sender names of
 * MTAs (MAILER-DAEMON, postmaster, "Mail Delivery System").
 */
final class SenderSignals {
    private static final String[] DAEMON_MARKERS = {
        "mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon", "maildaemon", "postmaster",
        "mail delivery", "delivery subsystem", "mail administrator", "mail system", "mailadmin",
    };

    final boolean envelopeNull;
    final boolean returnPathNull;
    final boolean daemonSender;

    private SenderSignals(boolean envelopeNull, boolean returnPathNull, boolean daemonSender) {
        this.envelopeNull = envelopeNull;
        this.returnPathNull = returnPathNull;
        this.daemonSender = daemonSender;
    }

    static SenderSignals of(EnvelopeSender envelope, HeaderSection headers) {
        boolean envelopeNull = envelope.isNullSender();
        String returnPath = headers.first("return-path");
        // The header only stands in for the envelope when the envelope is unknown (a file on disk).
        boolean returnPathNull = !envelope.isKnown() && returnPath != null && isNullPath(returnPath);
        boolean daemon = isDaemon(headers.first("from"))
            || (!envelope.isKnown() && returnPath != null && isDaemon(returnPath))
            || (envelope.address().map(SenderSignals::isDaemon).orElse(false));
        return new SenderSignals(envelopeNull, returnPathNull, daemon);
    }

    /** True for the null sender, by envelope or by header. */
    boolean isNull() {
        return envelopeNull || returnPathNull;
    }

    boolean any() {
        return envelopeNull || returnPathNull || daemonSender;
    }

    static boolean isNullPath(String value) {
        String v = value.trim();
        if (v.isEmpty()) {
            return true;
        }
        int open = v.indexOf('<');
        int close = v.indexOf('>', open + 1);
        return open >= 0 && close > open && v.substring(open + 1, close).trim().isEmpty();
    }

    static boolean isDaemon(String value) {
        if (value == null) {
            return false;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        for (String marker : DAEMON_MARKERS) {
            if (lower.contains(marker)) {
                return true;
            }
        }
        return false;
    }
}
