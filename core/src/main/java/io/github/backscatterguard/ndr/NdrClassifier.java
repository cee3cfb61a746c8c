package io.github.backscatterguard.ndr;

import io.github.backscatterguard.ndr.mime.MessageText;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Tells non-delivery reports (bounces) from all other mail, including the automatic mail that
 * looks like bounces but is not (auto-replies, read receipts, feedback and DMARC/TLS reports,
 * challenges). Thread-safe and stateless; never throws on malformed input.
 *
 * <p>Only a bounded prefix of the message is read, so a 50 MB message costs what a 50 KB one does.
 * The default, {@value #DEFAULT_MAX_PREFIX_BYTES} bytes, comes from the development corpus: the
 * machine-readable part of every DSN in it starts within the first 64 KB (the latest, at about
 * 63.9 KB, follows a provider's 60 KB HTML explanation), so 128 KiB keeps a 2x margin for such
 * HTML-first bounces while the header, the MTA's explanation and the DSN fields - all the signals
 * used - lie well inside it.
 */
public final class NdrClassifier {
    public static final int DEFAULT_MAX_PREFIX_BYTES = 128 * 1024;
    /** Smaller prefixes would cut into the header and DSN of ordinary bounces. */
    public static final int MIN_PREFIX_BYTES = 4 * 1024;

    private final int maxPrefixBytes;

    public NdrClassifier() {
        this(DEFAULT_MAX_PREFIX_BYTES);
    }

    /** @throws IllegalArgumentException if {@code maxPrefixBytes} is below {@link #MIN_PREFIX_BYTES} */
    public NdrClassifier(int maxPrefixBytes) {
        if (maxPrefixBytes < MIN_PREFIX_BYTES) {
            throw new IllegalArgumentException("maxPrefixBytes must be at least " + MIN_PREFIX_BYTES + ", was " + maxPrefixBytes);
        }
        this.maxPrefixBytes = maxPrefixBytes;
    }

    public int maxPrefixBytes() {
        return maxPrefixBytes;
    }

    /** Classifies a message held in memory; only the first {@link #maxPrefixBytes()} bytes are read. */
    public Verdict classify(byte[] rawMessage, EnvelopeSender sender) {
        if (rawMessage == null) {
            return classifyPrefix(new byte[0], 0, sender);
        }
        return classifyPrefix(rawMessage, Math.min(rawMessage.length, maxPrefixBytes), sender);
    }

    /** Reads at most {@link #maxPrefixBytes()} bytes of the stream (never closes it) and classifies them. */
    public Verdict classify(InputStream rawMessage, EnvelopeSender sender) throws IOException {
        // readNBytes grows its buffer as it reads, so a 2 KB message does not cost a full prefix buffer.
        byte[] prefix = rawMessage.readNBytes(maxPrefixBytes);
        return classifyPrefix(prefix, prefix.length, sender);
    }

    private Verdict classifyPrefix(byte[] bytes, int length, EnvelopeSender sender) {
        EnvelopeSender envelope = sender == null ? EnvelopeSender.unknown() : sender;
        try {
            String text = MessageText.of(bytes, length);
            return Decision.decide(new MessageAnalysis(text, envelope));
        } catch (RuntimeException | StackOverflowError unexpected) {
            // Never throw into the mail server: a message we cannot read is treated as ordinary mail.
            return new Verdict(MessageKind.REGULAR, List.of("unreadable:" + unexpected.getClass().getSimpleName()),
                DeliveryReport.empty());
        }
    }
}
