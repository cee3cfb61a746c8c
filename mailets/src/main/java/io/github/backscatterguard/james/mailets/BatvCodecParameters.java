package io.github.backscatterguard.james.mailets;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.mail.MessagingException;

import io.github.backscatterguard.batv.BatvKeyRing;
import io.github.backscatterguard.batv.PrvsCodec;
import io.github.backscatterguard.config.Durations;

/**
 * The parameters every BATV mailet shares: {@code keyFile} (required), {@code keyNumber} (the signing
 * key, default the file's first line) and {@code validity} (default 7d), turned into a {@link PrvsCodec}.
 * Error messages name the key file and the line, never a secret.
 */
final class BatvCodecParameters {
    static final String KEY_FILE = "keyFile";
    static final String KEY_NUMBER = "keyNumber";
    static final String VALIDITY = "validity";
    static final String DEFAULT_VALIDITY = "7d";
    static final String KEY_FILE_ACCEPTED = "the path of a readable file with one key per line, 'N SECRET' (N = key number 0-9),"
        + " e.g. /etc/james/batv.keys";
    static final String VALIDITY_ACCEPTED = "whole days from 1d to 999d (default " + DEFAULT_VALIDITY + ")";

    private BatvCodecParameters() {
    }

    /** The codec for the mailet's parameters; {@code withKeyNumber} false for mailets that never sign. */
    static PrvsCodec codec(MailetParameters parameters, boolean withKeyNumber, Clock clock) throws MessagingException {
        String keyFile = parameters.required(KEY_FILE, KEY_FILE_ACCEPTED);
        BatvKeyRing keys = keys(parameters, keyFile);
        if (withKeyNumber) {
            Optional<String> keyNumber = parameters.optional(KEY_NUMBER, "a key number 0-9 present in " + keyFile);
            if (keyNumber.isPresent()) {
                try {
                    keys = keys.signingWith(Integer.parseInt(keyNumber.get()));
                } catch (IllegalArgumentException e) {
                    throw parameters.invalid(KEY_NUMBER, keyNumber.get(), "a key number 0-9 present in " + keyFile, e);
                }
            }
        }
        String validity = parameters.optional(VALIDITY, VALIDITY_ACCEPTED).orElse(DEFAULT_VALIDITY);
        try {
            return new PrvsCodec(keys, validity(validity), clock);
        } catch (IllegalArgumentException e) {
            throw parameters.invalid(VALIDITY, validity, VALIDITY_ACCEPTED, e);
        }
    }

    private static BatvKeyRing keys(MailetParameters parameters, String keyFile) throws MessagingException {
        Path path;
        try {
            path = Paths.get(keyFile);
        } catch (IllegalArgumentException e) {
            throw parameters.invalid(KEY_FILE, keyFile, KEY_FILE_ACCEPTED, e);
        }
        try {
            return BatvKeyRing.read(path);
        } catch (IOException e) {
            throw parameters.invalid(KEY_FILE, keyFile, KEY_FILE_ACCEPTED, new IOException("cannot read it: " + e, e));
        } catch (IllegalArgumentException e) {
            // BatvKeyRing's message names the file and the line, never the secret.
            throw parameters.invalid(KEY_FILE, keyFile, KEY_FILE_ACCEPTED, e);
        }
    }

    private static Duration validity(String text) {
        return Durations.parse(text);
    }
}
