package io.github.backscatterguard.james.matchers;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.backscatterguard.ndr.MessageKind;
import io.github.backscatterguard.ndr.NdrClassifier;
import io.github.backscatterguard.ndr.Verdict;

/**
 * Matches all recipients of a mail that the NDR classifier recognises as a non-delivery report, or
 * as one of the kinds listed in the condition.
 * <pre><code>
 * &lt;!-- bounces only --&gt;
 * &lt;mailet match="io.github.backscatterguard.james.matchers.IsNdr" class="..."/&gt;
 * &lt;!-- bounces and delay notices --&gt;
 * &lt;mailet match="io.github.backscatterguard.james.matchers.IsNdr=ndr,delay" class="..."/&gt;
 * </code></pre>
 * The condition is a comma-separated list of kinds, case-insensitive: {@code ndr}, {@code delay},
 * {@code success-dsn}, {@code auto-reply}, {@code mdn}, {@code feedback-report},
 * {@code other-report}, {@code challenge-response}, {@code regular}. No condition means {@code ndr}.
 * An unknown kind stops James at start with an error naming it.
 * <p>
 * Whatever the kind, the matcher records the verdict on the mail as the attributes described in
 * {@link VerdictAttributes}, for the mailets and matchers that follow. A mail that already carries a
 * verdict is not classified again. The classifier reads only the first 128 KiB of a message.
 * <p>
 * The matcher never fails a mail: if the message cannot be read or classified it logs one line and
 * matches no recipient, so the mail goes on as if it were not a bounce.
 */
public class IsNdr extends GenericMatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(IsNdr.class);
    /** Enough for the headers and the delivery-status part of any real bounce. */
    static final int PREFIX_LIMIT_BYTES = 128 * 1024;

    private final NdrClassifier classifier = new NdrClassifier(PREFIX_LIMIT_BYTES);
    private final ClassifierInputAdapter input = new ClassifierInputAdapter(PREFIX_LIMIT_BYTES);
    private Set<MessageKind> matchedKinds;

    @Override
    public void init() throws MessagingException {
        matchedKinds = parseKinds(getCondition());
    }

    private static Set<MessageKind> parseKinds(String condition) throws MessagingException {
        if (condition == null || condition.trim().isEmpty()) {
            return Collections.unmodifiableSet(EnumSet.of(MessageKind.NDR));
        }
        Set<MessageKind> kinds = EnumSet.noneOf(MessageKind.class);
        for (String word : condition.split(",", -1)) {
            MessageKind kind = MessageKind.fromCode(word).orElseThrow(() -> new MessagingException(
                "IsNdr: unknown message kind '" + word.trim() + "' in condition '" + condition
                    + "'; accepted kinds (comma-separated, case-insensitive): " + MessageKind.acceptedCodes()));
            kinds.add(kind);
        }
        return Collections.unmodifiableSet(kinds);
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        try {
            RecordedVerdict verdict = recordedOrClassified(mail);
            return matchedKinds.contains(verdict.kind()) ? mail.getRecipients() : List.of();
        } catch (Exception e) {
            LOGGER.warn("IsNdr: could not classify mail {}, treating it as not matching: {}", mail.getName(), e.toString());
            return List.of();
        }
    }

    private RecordedVerdict recordedOrClassified(Mail mail) throws MessagingException, IOException {
        var recorded = VerdictAttributes.read(mail);
        if (recorded.isPresent()) {
            return recorded.get();
        }
        Verdict verdict;
        try (InputStream rawMessage = input.rawMessage(mail.getMessage())) {
            verdict = classifier.classify(rawMessage, ClassifierInputAdapter.envelopeSender(mail));
        }
        return VerdictAttributes.write(mail, verdict);
    }

    @Override
    public String getMatcherInfo() {
        return "IsNdr: matches mail the NDR classifier sees as one of the kinds "
            + matchedKindsText() + " and records the verdict as Mail attributes";
    }

    private String matchedKindsText() {
        if (matchedKinds == null) {
            return "in the condition (default ndr)";
        }
        return matchedKinds.stream().map(MessageKind::code).collect(Collectors.joining(",", "[", "]"));
    }
}
