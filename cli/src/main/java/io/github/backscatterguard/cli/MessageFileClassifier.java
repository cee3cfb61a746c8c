package io.github.backscatterguard.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.backscatterguard.ndr.DeliveryReport;
import io.github.backscatterguard.ndr.EnvelopeSender;
import io.github.backscatterguard.ndr.MessageKind;
import io.github.backscatterguard.ndr.NdrClassifier;
import io.github.backscatterguard.ndr.Verdict;

/**
 * Classifies one message file through the classifier's stream API, which reads only a bounded
 * prefix: a 50 MB file costs about as much as a small one. Never throws: a file that cannot be
 * read becomes a {@code regular} verdict with the evidence {@code error:<reason>}.
 */
final class MessageFileClassifier {
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final String ERROR_PREFIX = "error:";

    private final NdrClassifier classifier;

    MessageFileClassifier(NdrClassifier classifier) {
        this.classifier = classifier;
    }

    FileVerdict classify(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES)) {
            return new FileVerdict(file, classifier.classify(in, EnvelopeSender.unknown()), true);
        } catch (IOException | RuntimeException e) {
            // RuntimeException: the classifier promises never to throw; if it does, one file fails, not the run.
            return unreadable(file, e);
        }
    }

    /** The verdict recorded for a path that could not be read or classified. */
    static FileVerdict unreadable(Path path, Exception cause) {
        return unreadable(path, cause.getClass().getSimpleName());
    }

    static FileVerdict unreadable(Path path, String reason) {
        Verdict verdict = new Verdict(MessageKind.REGULAR, List.of(ERROR_PREFIX + reason), DeliveryReport.empty());
        return new FileVerdict(path, verdict, false);
    }
}
