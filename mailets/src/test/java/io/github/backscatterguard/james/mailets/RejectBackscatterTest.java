package io.github.backscatterguard.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryStore;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.backscatterguard.james.dnsbl.ListingAttributes;
import io.github.backscatterguard.james.matchers.RecordedVerdict;
import io.github.backscatterguard.james.matchers.VerdictAttributes;
import io.github.backscatterguard.ndr.MessageKind;

class RejectBackscatterTest {
    /** As written in mailetcontainer.xml; James's MailRepositoryUrl drops the trailing slash when it prints one. */
    private static final String DEFAULT_QUARANTINE = "memory://var/mail/backscatter-quarantine/";
    private static final String DEFAULT_QUARANTINE_PRINTED = "memory://var/mail/backscatter-quarantine";

    private final Logger mailetLogger = (Logger) LoggerFactory.getLogger(RejectBackscatter.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private final FakeMailContext context = FakeMailContext.defaultContext();
    private MemoryMailRepositoryStore store;

    @BeforeEach
    void setUp() throws Exception {
        store = MemoryRepositories.store();
        logged.start();
        mailetLogger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        mailetLogger.detachAppender(logged);
    }

    private RejectBackscatter mailet(String... parameters) throws MessagingException {
        return mailet(store, parameters);
    }

    private RejectBackscatter mailet(MailRepositoryStore repositoryStore, String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("RejectBackscatter").mailetContext(context);
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        RejectBackscatter mailet = new RejectBackscatter(repositoryStore, metrics);
        mailet.init(config.build());
        return mailet;
    }

    /** Backscatter as InBackscattererSafeMode and IsNdr leave it: a listing and a verdict recorded. */
    private static FakeMail backscatter() throws Exception {
        FakeMail mail = FakeMail.builder()
            .name("bs-1")
            .mimeMessage(Ndrs.parse(Ndrs.report()))
            .recipients("alice@example.com", "bob@example.com")
            .remoteAddr("192.0.2.66")
            .state("transport")
            .build();
        mail.setAttribute(new Attribute(ListingAttributes.ZONE, AttributeValue.of("ips.backscatterer.org")));
        mail.setAttribute(new Attribute(ListingAttributes.IP, AttributeValue.of("192.0.2.66")));
        mail.setAttribute(new Attribute(ListingAttributes.CODES, AttributeValue.of("127.0.0.2")));
        mail.setAttribute(new Attribute(ListingAttributes.REASON, AttributeValue.of("Backscatter\r\nsent to 2 traps")));
        VerdictAttributes.write(mail, new RecordedVerdict(MessageKind.NDR, "null-sender,action=failed", List.of()));
        return mail;
    }

    private MailRepository repository(String url) throws Exception {
        return store.select(MailRepositoryUrl.from(url));
    }

    @Test
    void storesInTheDefaultQuarantineEndsTheMailAndLogsOneLine() throws Exception {
        FakeMail mail = backscatter();

        mailet().service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        MailRepository quarantine = repository(DEFAULT_QUARANTINE);
        assertThat(quarantine.size()).isEqualTo(1);
        Mail stored = quarantine.retrieve(new MailKey("bs-1"));
        assertThat(Ndrs.bytesOf(stored.getMessage())).isEqualTo(Ndrs.report());
        assertThat(stored.getRecipients()).hasSize(2);
        assertThat(metrics.countFor(RejectBackscatter.QUARANTINED_METRIC)).isEqualTo(1);
        assertThat(metrics.countFor(RejectBackscatter.DROPPED_METRIC)).isZero();
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getFormattedMessage()).isEqualTo("RejectBackscatter: quarantined backscatter mail bs-1 from <>"
                + " remote IP 192.0.2.66 to [alice@example.com, bob@example.com] listing ips.backscatterer.org ip 192.0.2.66"
                + " codes 127.0.0.2 reason \"Backscatter sent to 2 traps\" verdict ndr evidence null-sender,action=failed"
                + " in " + DEFAULT_QUARANTINE_PRINTED);
        });
    }

    @Test
    void neverGeneratesABounceOrAnyMail() throws Exception {
        mailet().service(backscatter());

        assertThat(context.getSentMails()).isEmpty();
        assertThat(context.getBouncedMails()).isEmpty();
    }

    @Test
    void repositoryParameterChoosesTheQuarantine() throws Exception {
        FakeMail mail = backscatter();

        mailet("repository", " memory://var/mail/backscatter/ ").service(mail);

        assertThat(repository("memory://var/mail/backscatter/").size()).isEqualTo(1);
        assertThat(repository(DEFAULT_QUARANTINE).size()).isZero();
        assertThat(mailet("repository", "memory://var/mail/backscatter/").getMailetInfo())
            .isEqualTo("RejectBackscatter: ends backscatter without a bounce, quarantined in memory://var/mail/backscatter");
    }

    @Test
    void repositoryNoneDropsAndCountsIt() throws Exception {
        FakeMail mail = backscatter();

        mailet("repository", "none").service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(store.getUrls()).isEmpty();
        assertThat(metrics.countFor(RejectBackscatter.DROPPED_METRIC)).isEqualTo(1);
        assertThat(logged.list).singleElement().satisfies(event ->
            assertThat(event.getFormattedMessage()).startsWith("RejectBackscatter: dropped backscatter mail bs-1 from <> remote IP 192.0.2.66"));
    }

    @Test
    void withoutRecordedListingOrVerdictItSaysSo() throws Exception {
        FakeMail mail = FakeMail.builder().name("bare").mimeMessage(Ndrs.parse(Ndrs.report()))
            .recipient("alice@example.com").sender("postmaster@mx.example.org").remoteAddr("198.51.100.9").build();

        mailet().service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(logged.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage()).isEqualTo(
            "RejectBackscatter: quarantined backscatter mail bare from postmaster@mx.example.org remote IP 198.51.100.9"
                + " to [alice@example.com] (no listing or verdict recorded by the matcher) in " + DEFAULT_QUARANTINE_PRINTED));
    }

    @Test
    void whenTheQuarantineFailsTheMailIsNotEndedButGoesOn() throws Exception {
        FakeMail mail = backscatter();

        assertThatCode(() -> mailet(MemoryRepositories.failingStore(store)).service(mail)).doesNotThrowAnyException();

        assertThat(mail.getState()).isEqualTo("transport");
        assertThat(metrics.countFor(RejectBackscatter.QUARANTINED_METRIC)).isZero();
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getFormattedMessage()).startsWith("RejectBackscatter: could not quarantine backscatter mail bs-1")
                .contains("the mail goes on through the processor instead").contains("disk full");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "repositry=memory://var/mail/x/        | repositry | accepted: repository",
        "repository=                           | repository | invalid value ''",
        "repository=var/mail/x/                | repository | 'var/mail/x/'; accepted: a mail repository URL",
        "repository=memory://                  | repository | 'memory://'",
        "repository=file://var/mail/x/         | repository | 'file://var/mail/x/'",
    })
    void badParametersFailInitNamingMailetParameterValueAndAcceptedForm(String pair, String parameter, String expected) {
        int equals = pair.indexOf('=');

        assertThatThrownBy(() -> mailet(pair.substring(0, equals), pair.substring(equals + 1)))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("RejectBackscatter: ")
            .hasMessageContaining(parameter)
            .hasMessageContaining(expected);
    }
}
