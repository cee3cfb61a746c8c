package io.github.backscatterguard.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.mail.MessagingException;

import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.backscatterguard.fuzz.HostileMessage;

/**
 * The hostile messages of issue 6 through {@link IsNdr} as James holds them: a {@link MailImpl}
 * whose message is James's {@link MimeMessageWrapper} over a message source (the spool). IsNdr must
 * classify each one (a verdict recorded, no warning: the catch-all that keeps James safe is not
 * what saved it), and read no more of the source than the classifier's prefix, whatever the size:
 * a 50 MB message must not be loaded to classify it. Speed is measured by HostileMessageBenchmark.
 */
class HostileMessagesTest {
    /** What the classifier may read, plus one read buffer of slack. */
    private static final long READ_BOUND = IsNdr.PREFIX_LIMIT_BYTES + 8 * 1024;
    /** Bounces whose delivery-status fields lie inside the prefix: read from the spool, they must still be seen. */
    private static final Set<HostileMessage> READABLE_BOUNCES = EnumSet.of(HostileMessage.NDR_RETURNING_50MB,
        HostileMessage.UNCLOSED_MULTIPART, HostileMessage.BOGUS_CHARSET, HostileMessage.CR_ONLY, HostileMessage.DELIVERY_STATUS_10MB);

    private final Logger isNdrLogger = (Logger) LoggerFactory.getLogger(IsNdr.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private MailImpl mail;

    @BeforeEach
    void captureLog() {
        logged.start();
        isNdrLogger.addAppender(logged);
    }

    @AfterEach
    void release() {
        isNdrLogger.detachAppender(logged);
        if (mail != null) {
            mail.dispose();
        }
    }

    /** A spooled message that counts every byte James or our code reads from it. */
    private static final class CountingSource implements MimeMessageSource {
        private final byte[] bytes;
        private final AtomicLong bytesRead = new AtomicLong();

        CountingSource(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public String getSourceId() {
            return "hostile-spool-" + System.identityHashCode(this);
        }

        @Override
        public InputStream getInputStream() {
            return new FilterInputStream(new ByteArrayInputStream(bytes)) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        bytesRead.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        bytesRead.addAndGet(n);
                    }
                    return n;
                }

                @Override
                public long skip(long n) throws IOException {
                    long skipped = super.skip(n);
                    bytesRead.addAndGet(skipped);
                    return skipped;
                }
            };
        }

        @Override
        public long getMessageSize() {
            return bytes.length;
        }

        long bytesRead() {
            return bytesRead.get();
        }
    }

    /** As James's SMTP server spools it: the wrapper goes in as is (the builder's mimeMessage() would copy it whole). */
    private MailImpl spooledBounce(MimeMessageWrapper message) throws MessagingException {
        mail = MailImpl.builder().name("hostile").sender(MaybeSender.nullSender()).addRecipient("alice@example.com").build();
        mail.setMessageNoCopy(message);
        return mail;
    }

    private static IsNdr isNdr() throws MessagingException {
        IsNdr matcher = new IsNdr();
        matcher.init(FakeMatcherConfig.builder().matcherName("IsNdr").build());
        return matcher;
    }

    private void assertClassifiedWithoutWarning(MailImpl mail) {
        assertThat(VerdictAttributes.read(mail)).as("a verdict is recorded").hasValueSatisfying(verdict ->
            assertThat(verdict.evidenceText()).doesNotContain("unreadable:"));
        assertThat(logged.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
    }

    @ParameterizedTest
    @EnumSource(HostileMessage.class)
    void classifiesFromTheSpoolReadingOnlyThePrefix(HostileMessage hostile) throws Exception {
        byte[] bytes = hostile.bytes();
        CountingSource source = new CountingSource(bytes);
        MailImpl mail = spooledBounce(new MimeMessageWrapper(source));

        isNdr().match(mail);

        assertClassifiedWithoutWarning(mail);
        assertThat(source.bytesRead()).as("bytes read of %d", bytes.length).isLessThanOrEqualTo(READ_BOUND);
        if (READABLE_BOUNCES.contains(hostile)) {
            assertThat(VerdictAttributes.read(mail).orElseThrow().evidenceText()).contains("action=failed", "status=5.1.1");
        }
    }

    /**
     * An earlier mailet changed a header: James then parses the header section from the spool and
     * streams the body after the new headers. Still only the headers and the prefix are read.
     */
    @ParameterizedTest
    @EnumSource(HostileMessage.class)
    void classifiesAfterAHeaderChangeWithoutLoadingTheBody(HostileMessage hostile) throws Exception {
        byte[] bytes = hostile.bytes();
        CountingSource source = new CountingSource(bytes);
        MimeMessageWrapper message = new MimeMessageWrapper(source);
        message.setHeader("X-Seen-By", "an earlier mailet");
        long headersRead = source.bytesRead();
        MailImpl mail = spooledBounce(message);

        isNdr().match(mail);

        assertClassifiedWithoutWarning(mail);
        assertThat(source.bytesRead() - headersRead).as("bytes read after the headers, of %d", bytes.length)
            .isLessThanOrEqualTo(headersRead + READ_BOUND);
    }
}
