package io.github.backscatterguard.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MaybeSender;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryStore;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMailetConfig;
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
import io.github.backscatterguard.james.matchers.IsNdr;
import io.github.backscatterguard.james.matchers.VerdictAttributes;

/**
 * The hostile messages of issue 6 through the mailets, each behind IsNdr as configured, on mail as
 * James holds it: a {@link MailImpl} over James's spool source. None may throw into James (which
 * would bounce the mail: backscatter of our own), and each leaves the mail in a sane state.
 */
class HostileMessagesTest {
    private static final String POOL = "ndr-pool";
    private static final String QUARANTINE = "memory://var/mail/backscatter-quarantine/";

    private final List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger(RerouteNdr.class),
        (Logger) LoggerFactory.getLogger(RejectBackscatter.class), (Logger) LoggerFactory.getLogger(AddVerdictHeader.class),
        (Logger) LoggerFactory.getLogger(IsNdr.class));
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private final List<MimeMessageInputStreamSource> sources = new ArrayList<>();
    private MemoryMailRepositoryStore store;
    private MailImpl mail;

    @BeforeEach
    void setUp() throws Exception {
        store = MemoryRepositories.store();
        logged.start();
        loggers.forEach(logger -> logger.addAppender(logged));
    }

    @AfterEach
    void release() {
        loggers.forEach(logger -> logger.detachAppender(logged));
        if (mail != null) {
            mail.dispose();
        }
        sources.forEach(MimeMessageInputStreamSource::dispose);
    }

    /** The message as James spools it, in a mail that went through IsNdr (which recorded its verdict). */
    private MailImpl classified(byte[] bytes, String state) throws Exception {
        MimeMessageInputStreamSource source = MimeMessageInputStreamSource.create("hostile-" + sources.size(), new ByteArrayInputStream(bytes));
        sources.add(source);
        mail = MailImpl.builder().name("hostile").sender(MaybeSender.nullSender())
            .addRecipient("offers@forged.example").state(state).build();
        // As James's SMTP server spools it; the builder's mimeMessage() would copy the message whole.
        mail.setMessageContent(source);
        IsNdr isNdr = new IsNdr();
        isNdr.init(FakeMatcherConfig.builder().matcherName("IsNdr").build());
        isNdr.match(mail);
        assertThat(VerdictAttributes.read(mail)).as("IsNdr recorded a verdict").isPresent();
        return mail;
    }

    private static byte[] bytesOf(Mail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toByteArray();
    }

    private List<ILoggingEvent> warnings() {
        List<ILoggingEvent> warnings = new ArrayList<>();
        logged.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN)).forEach(warnings::add);
        return warnings;
    }

    @ParameterizedTest
    @EnumSource(HostileMessage.class)
    void rerouteNdrSendsItToThePoolTrimmedOrUntouched(HostileMessage hostile) throws Exception {
        byte[] original = hostile.bytes();
        MailImpl mail = classified(original, "relay");
        RerouteNdr mailet = new RerouteNdr(store, metrics);
        mailet.init(FakeMailetConfig.builder().mailetName("RerouteNdr")
            .setProperty("processor", POOL).setProperty("returnContent", "headers").build());

        MimeMessage received = mail.getMessage();

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(POOL);
        byte[] sent = bytesOf(mail);
        if (metrics.countFor(RerouteNdr.TRIMMED_METRIC) == 1) {
            assertThat(new String(sent, StandardCharsets.ISO_8859_1)).contains("text/rfc822-headers");
            assertThat(warnings()).isEmpty();
        } else {
            // Not trimmed: the very message James spooled, unmodified (James may still re-emit a header block it parsed with CRLF).
            assertThat(mail.getMessage()).isSameAs(received);
            assertThat(((MimeMessageWrapper) received).isModified()).as("not trimmed, so untouched").isFalse();
        }
        if (hostile == HostileMessage.NDR_RETURNING_50MB) {
            assertThat(sent.length).as("the returned 50 MB cut to its headers").isLessThan(64 * 1024);
        }
    }

    /**
     * James's memory repository keeps a clone of each stored mail and never disposes it, so the JVM may
     * log "Leak detected" for those clones once they are collected; the file and database
     * repositories of a real server do not clone.
     */
    @ParameterizedTest
    @EnumSource(HostileMessage.class)
    void rejectBackscatterQuarantinesIt(HostileMessage hostile) throws Exception {
        MailImpl mail = classified(hostile.bytes(), "transport");
        RejectBackscatter mailet = new RejectBackscatter(store, metrics);
        mailet.init(FakeMailetConfig.builder().mailetName("RejectBackscatter").build());

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(store.select(MailRepositoryUrl.from(QUARANTINE)).size()).isEqualTo(1);
        assertThat(warnings()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(HostileMessage.class)
    void addVerdictHeaderWritesTheVerdict(HostileMessage hostile) throws Exception {
        MailImpl mail = classified(hostile.bytes(), "transport");
        AddVerdictHeader mailet = new AddVerdictHeader();
        mailet.init(FakeMailetConfig.builder().mailetName("AddVerdictHeader").build());

        mailet.service(mail);

        String kind = VerdictAttributes.read(mail).orElseThrow().kind().code();
        String[] headers = mail.getMessage().getHeader("X-Backscatter-Guard");
        assertThat(headers).hasSize(1);
        assertThat(headers[0]).startsWith(kind + "; evidence=");
        assertThat(mail.getState()).isEqualTo("transport");
        // What James will spool, deliver or store: it can still be written, and carries the header. (On the bogus
        // Content-Type, javax.mail's saveChanges() fails and the mailet logs one warning, but the header is set.)
        assertThat(new String(bytesOf(mail), StandardCharsets.ISO_8859_1)).contains("X-Backscatter-Guard: " + kind + "; evidence=");
    }
}
