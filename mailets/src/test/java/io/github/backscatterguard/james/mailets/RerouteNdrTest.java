package io.github.backscatterguard.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryStore;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.test.FakeMail;
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
import io.github.backscatterguard.james.matchers.RecordedVerdict;
import io.github.backscatterguard.james.matchers.VerdictAttributes;
import io.github.backscatterguard.ndr.MessageKind;

class RerouteNdrTest {
    private static final String POOL = "ndr-pool";

    private final Logger mailetLogger = (Logger) LoggerFactory.getLogger(RerouteNdr.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final RecordingMetricFactory metrics = new RecordingMetricFactory();
    private MemoryMailRepositoryStore store;
    private int mailNumber;

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

    private RerouteNdr mailet(String... parameters) throws MessagingException {
        return mailet(store, parameters);
    }

    private RerouteNdr mailet(MailRepositoryStore repositoryStore, String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("RerouteNdr");
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        RerouteNdr mailet = new RerouteNdr(repositoryStore, metrics);
        mailet.init(config.build());
        return mailet;
    }

    private FakeMail ndr(String text, String... recipients) throws Exception {
        FakeMail mail = FakeMail.builder()
            .name("ndr-" + (++mailNumber))
            .mimeMessage(Ndrs.parse(text))
            .recipients(recipients.length == 0 ? new String[] {"offers@forged.example"} : recipients)
            .state("relay")
            .build();
        VerdictAttributes.write(mail, new RecordedVerdict(MessageKind.NDR, "null-sender,action=failed", List.of("nobody@example.org")));
        return mail;
    }

    private static MimeMultipart multipart(MimeMessage message) throws Exception {
        return (MimeMultipart) message.getContent();
    }

    private static String contentOf(BodyPart part) throws Exception {
        return new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private List<String> infoLines() {
        return logged.list.stream().filter(event -> event.getLevel() == Level.INFO)
            .map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }

    private static long sizeOf(MailRepository repository) throws MessagingException {
        return repository.size();
    }

    @Test
    void sendsTheMailToTheProcessorUnchangedWithFullContent() throws Exception {
        FakeMail mail = ndr(Ndrs.report());

        mailet("processor", POOL, "returnContent", "full").service(mail);

        assertThat(mail.getState()).isEqualTo(POOL);
        assertThat(Ndrs.bytesOf(mail.getMessage())).isEqualTo(Ndrs.report());
        assertThat(metrics.countFor(RerouteNdr.REROUTED_METRIC)).isEqualTo(1);
        assertThat(metrics.countFor(RerouteNdr.TRIMMED_METRIC)).isZero();
        assertThat(infoLines()).containsExactly(
            "RerouteNdr: mail ndr-1 from <> to [offers@forged.example] kind ndr: rerouted to processor ndr-pool, content full");
    }

    @Test
    void headersModeReplacesTheReturnedMessageByItsHeaders() throws Exception {
        FakeMail mail = ndr(Ndrs.report());

        mailet("processor", POOL).service(mail);

        assertThat(mail.getState()).isEqualTo(POOL);
        String written = Ndrs.bytesOf(mail.getMessage());
        assertThat(written).doesNotContain(Ndrs.SPAM_BODY.trim());
        MimeMultipart parts = multipart(Ndrs.parse(written));
        assertThat(parts.getCount()).isEqualTo(3);
        BodyPart returned = parts.getBodyPart(2);
        assertThat(returned.getContentType()).isEqualTo("text/rfc822-headers");
        assertThat(returned.getHeader("Content-Transfer-Encoding")).containsExactly("7bit");
        assertThat(returned.getHeader("Content-Description")).containsExactly("Undelivered Message");
        assertThat(contentOf(returned)).isEqualTo(Ndrs.RETURNED_HEADERS);
        assertThat(metrics.countFor(RerouteNdr.TRIMMED_METRIC)).isEqualTo(1);
        assertThat(infoLines()).singleElement().asString().endsWith("content headers");
    }

    @Test
    void headersModeKeepsEverythingElseByteForByte() throws Exception {
        FakeMail mail = ndr(Ndrs.report());

        mailet("processor", POOL).service(mail);

        String original = Ndrs.report();
        String returnedPart = original.substring(original.lastIndexOf("--B1\r\nContent-Type: message/rfc822"));
        String expected = original.replace(returnedPart, "--B1\r\n"
            + "Content-Type: text/rfc822-headers\r\n"
            + "Content-Transfer-Encoding: 7bit\r\n"
            + "Content-Description: Undelivered Message\r\n"
            + "\r\n"
            + Ndrs.RETURNED_HEADERS
            + "\r\n--B1--\r\n");
        assertThat(Ndrs.bytesOf(mail.getMessage())).isEqualTo(expected);
        assertThat(mail.getMessage().getMessageID()).isEqualTo("<20250304100001.1234@mx.example.org>");
    }

    @Test
    void trimsTheMessageAsJamesHoldsIt() throws Exception {
        // In James a mail's message is a MimeMessageWrapper over its stored source, without a Session.
        MimeMessageWrapper asJamesHoldsIt = new MimeMessageWrapper(MimeMessageInputStreamSource.create("ndr-source",
            new java.io.ByteArrayInputStream(Ndrs.report().getBytes(StandardCharsets.US_ASCII))));
        FakeMail mail = FakeMail.builder().name("wrapped").mimeMessage(asJamesHoldsIt).recipient("offers@forged.example").build();

        mailet("processor", POOL, "traceHeader", "X-Rerouted").service(mail);

        assertThat(mail.getState()).isEqualTo(POOL);
        MimeMessage sent = Ndrs.parse(Ndrs.bytesOf(mail.getMessage()));
        assertThat(multipart(sent).getBodyPart(2).getContentType()).isEqualTo("text/rfc822-headers");
        assertThat(sent.getHeader("X-Rerouted")).containsExactly("unknown; pool=ndr-pool");
        assertThat(sent.getMessageID()).isEqualTo("<20250304100001.1234@mx.example.org>");
        assertThat(Ndrs.bytesOf(asJamesHoldsIt)).as("the original is not modified").isEqualTo(Ndrs.report());
    }

    @Test
    void aReturnedMessageNestedInAMultipartIsTrimmedToo() throws Exception {
        FakeMail mail = ndr(Ndrs.nestedReport());

        mailet("processor", POOL).service(mail);

        String written = Ndrs.bytesOf(mail.getMessage());
        assertThat(written).doesNotContain(Ndrs.SPAM_BODY.trim());
        MimeMultipart report = (MimeMultipart) multipart(Ndrs.parse(written)).getBodyPart(1).getContent();
        assertThat(report.getContentType()).startsWith("multipart/report");
        assertThat(report.getBodyPart(2).getContentType()).isEqualTo("text/rfc822-headers");
        assertThat(contentOf(report.getBodyPart(2))).isEqualTo(Ndrs.RETURNED_HEADERS);
        assertThat(written).contains("--B1\r\n" + Ndrs.TEXT_PART + "\r\n--B1\r\n" + Ndrs.STATUS_PART);
    }

    @Test
    void aBase64ReturnedMessageIsDecodedBeforeItsHeadersAreKept() throws Exception {
        String encoded = java.util.Base64.getMimeEncoder()
            .encodeToString((Ndrs.RETURNED_HEADERS + "\r\n" + Ndrs.SPAM_BODY).getBytes(StandardCharsets.US_ASCII));
        FakeMail mail = ndr(Ndrs.report("message/rfc822", "Content-Transfer-Encoding: base64\r\n", encoded));

        mailet("processor", POOL).service(mail);

        BodyPart returned = multipart(Ndrs.parse(Ndrs.bytesOf(mail.getMessage()))).getBodyPart(2);
        assertThat(returned.getContentType()).isEqualTo("text/rfc822-headers");
        assertThat(contentOf(returned)).isEqualTo(Ndrs.RETURNED_HEADERS);
    }

    @Test
    void aReturnedMessageGlobalBecomesMessageGlobalHeaders() throws Exception {
        String utf8Headers = "From: Jürgen <jürgen@bücher.example>\r\nSubject: Grüße\r\n";
        FakeMail mail = ndr(Ndrs.report("message/global", "Content-Transfer-Encoding: 8bit\r\n",
            utf8Headers + "\r\nKörper\r\n"));

        mailet("processor", POOL).service(mail);

        BodyPart returned = multipart(Ndrs.parse(Ndrs.bytesOf(mail.getMessage()))).getBodyPart(2);
        assertThat(returned.getContentType()).isEqualTo("message/global-headers");
        assertThat(returned.getHeader("Content-Transfer-Encoding")).containsExactly("8bit");
        assertThat(contentOf(returned)).isEqualTo(utf8Headers);
    }

    @Test
    void headerBlockEndsEveryLineWithCrLf() throws Exception {
        byte[] headerBlock = ReturnedMessageTrimmer.headerBlock(new java.io.ByteArrayInputStream(
            "From: a@example.com\nSubject: x\n  folded\n".getBytes(StandardCharsets.US_ASCII)));

        assertThat(new String(headerBlock, StandardCharsets.US_ASCII)).isEqualTo("From: a@example.com\r\nSubject: x\r\n  folded\r\n");
    }

    @Test
    void aHugeHeaderBlockIsCappedAtALineEnd() throws Exception {
        String line = "X-Filler: " + "a".repeat(988) + "\r\n";
        byte[] headerBlock = ReturnedMessageTrimmer.headerBlock(new java.io.ByteArrayInputStream(
            line.repeat(1000).getBytes(StandardCharsets.US_ASCII)));

        assertThat(headerBlock.length).isLessThanOrEqualTo(ReturnedMessageTrimmer.MAX_HEADER_BYTES)
            .isGreaterThan(ReturnedMessageTrimmer.MAX_HEADER_BYTES - line.length());
        assertThat(new String(headerBlock, StandardCharsets.US_ASCII)).endsWith(line);
    }

    @Test
    void aMessageWithoutReturnedPartIsLeftUnchanged() throws Exception {
        FakeMail mail = ndr(Ndrs.plainTextBounce());
        MimeMessage before = mail.getMessage();

        mailet("processor", POOL).service(mail);

        assertThat(mail.getState()).isEqualTo(POOL);
        assertThat(mail.getMessage()).isSameAs(before);
        assertThat(Ndrs.bytesOf(mail.getMessage())).isEqualTo(Ndrs.plainTextBounce());
        assertThat(metrics.countFor(RerouteNdr.TRIMMED_METRIC)).isZero();
        assertThat(metrics.countFor(RerouteNdr.REROUTED_METRIC)).isEqualTo(1);
    }

    @Test
    void traceHeaderNamesKindAndPoolAndReplacesAPlantedOne() throws Exception {
        FakeMail mail = ndr(Ndrs.report().replace("Auto-Submitted", "X-Rerouted: regular; pool=forged\r\nAuto-Submitted"));

        mailet("processor", POOL, "traceHeader", "X-Rerouted").service(mail);

        assertThat(mail.getMessage().getHeader("X-Rerouted")).containsExactly("ndr; pool=ndr-pool");
        assertThat(Ndrs.parse(Ndrs.bytesOf(mail.getMessage())).getHeader("X-Rerouted")).containsExactly("ndr; pool=ndr-pool");
    }

    @Test
    void overflowOverTheRateLimitIsStoredInTheDefaultRepositoryAsReceived() throws Exception {
        RerouteNdr mailet = mailet("processor", POOL, "rateLimit", "3/1h");
        MailRepository overflow = store.select(MailRepositoryUrl.from("memory://var/mail/ndr-overflow/"));
        List<FakeMail> mails = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            FakeMail mail = ndr(Ndrs.report(), "victim@Forged.Example");
            mailet.service(mail);
            mails.add(mail);
        }
        FakeMail otherDomain = ndr(Ndrs.report(), "someone@example.net");
        mailet.service(otherDomain);

        assertThat(mails.stream().map(Mail::getState))
            .containsExactly(POOL, POOL, POOL, Mail.GHOST, Mail.GHOST);
        assertThat(otherDomain.getState()).isEqualTo(POOL);
        assertThat(sizeOf(overflow)).isEqualTo(2);
        Mail stored = overflow.retrieve(new MailKey("ndr-4"));
        assertThat(Ndrs.bytesOf(stored.getMessage())).isEqualTo(Ndrs.report());
        assertThat(metrics.countFor(RerouteNdr.REROUTED_METRIC)).isEqualTo(4);
        assertThat(metrics.countFor(RerouteNdr.OVERFLOW_METRIC)).isEqualTo(2);
        assertThat(metrics.countFor(RerouteNdr.TRIMMED_METRIC)).isEqualTo(4);
        assertThat(infoLines()).hasSize(6);
        assertThat(infoLines().get(3)).isEqualTo("RerouteNdr: mail ndr-4 from <> to [victim@forged.example] kind ndr:"
            + " overflow stored in memory://var/mail/ndr-overflow (rateLimit 3/1h per domain reached for [forged.example])");
    }

    @Test
    void overflowGoesToTheOverflowProcessorTrimmedAndMarked() throws Exception {
        RerouteNdr mailet = mailet("processor", POOL, "rateLimit", "1/10m", "overflowProcessor", "ndr-slow",
            "traceHeader", "X-Rerouted");
        FakeMail first = ndr(Ndrs.report());
        FakeMail second = ndr(Ndrs.report());

        mailet.service(first);
        mailet.service(second);

        assertThat(first.getState()).isEqualTo(POOL);
        assertThat(second.getState()).isEqualTo("ndr-slow");
        assertThat(second.getMessage().getHeader("X-Rerouted")).containsExactly("ndr; overflow=ndr-slow");
        assertThat(Ndrs.bytesOf(second.getMessage())).doesNotContain(Ndrs.SPAM_BODY.trim());
        assertThat(metrics.countFor(RerouteNdr.OVERFLOW_METRIC)).isEqualTo(1);
        assertThat(mailet.requiredProcessingState()).containsExactly(new ProcessingState(POOL), new ProcessingState("ndr-slow"));
    }

    @Test
    void aMailToSeveralDomainsOverflowsWholeWhenOneIsFull() throws Exception {
        RerouteNdr mailet = mailet("processor", POOL, "rateLimit", "1/1h", "overflowRepository", "memory://var/mail/other/");
        mailet.service(ndr(Ndrs.report(), "a@full.example"));
        FakeMail both = ndr(Ndrs.report(), "b@fresh.example", "c@full.example");
        FakeMail fresh = ndr(Ndrs.report(), "d@fresh.example");

        mailet.service(both);
        mailet.service(fresh);

        assertThat(both.getState()).isEqualTo(Mail.GHOST);
        assertThat(fresh.getState()).as("the overflowed mail did not use fresh.example's allowance").isEqualTo(POOL);
        assertThat(sizeOf(store.select(MailRepositoryUrl.from("memory://var/mail/other/")))).isEqualTo(1);
    }

    @Test
    void aBrokenMessageDoesNotThrowAndGoesOnUnchanged() throws Exception {
        String broken = Ndrs.report().replace("report-type=delivery-status;\r\n\tboundary=\"B1\"", "report-type=delivery-status");
        FakeMail mail = ndr(broken);

        assertThatCode(() -> mailet("processor", POOL, "traceHeader", "X-Rerouted").service(mail)).doesNotThrowAnyException();

        assertThat(mail.getState()).isEqualTo(POOL);
        assertThat(Ndrs.bytesOf(mail.getMessage())).isEqualTo(broken);
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).startsWith("RerouteNdr: could not handle mail ndr-1")
                .contains("sent unchanged to processor ndr-pool");
        });
        assertThat(metrics.countFor(RerouteNdr.REROUTED_METRIC)).isZero();
    }

    @Test
    void aFailingOverflowRepositoryLetsTheMailGoToThePool() throws Exception {
        RerouteNdr mailet = mailet(MemoryRepositories.failingStore(store), "processor", POOL, "rateLimit", "1/1h");
        FakeMail first = ndr(Ndrs.report());
        FakeMail second = ndr(Ndrs.report());

        mailet.service(first);
        assertThatCode(() -> mailet.service(second)).doesNotThrowAnyException();

        assertThat(second.getState()).isEqualTo(POOL);
        assertThat(Ndrs.bytesOf(second.getMessage())).isEqualTo(Ndrs.report());
        assertThat(logged.list).last().satisfies(event -> assertThat(event.getFormattedMessage()).contains("disk full"));
    }

    @Test
    void withoutVerdictTheKindIsLoggedAsUnknown() throws Exception {
        FakeMail mail = FakeMail.builder().name("plain").mimeMessage(Ndrs.parse(Ndrs.report()))
            .recipient("offers@forged.example").sender("postmaster@mx.example.org").build();

        mailet("processor", POOL).service(mail);

        assertThat(mail.getState()).isEqualTo(POOL);
        assertThat(infoLines()).singleElement().asString()
            .startsWith("RerouteNdr: mail plain from postmaster@mx.example.org to [offers@forged.example] kind unknown:");
    }

    @Test
    void infoNamesTheSettingsAndTheProcessorIsRequired() throws Exception {
        RerouteNdr mailet = mailet("processor", POOL, "rateLimit", "20/10m");

        assertThat(mailet.getMailetInfo()).isEqualTo(
            "RerouteNdr: sends NDRs to the processor of the NDR delivery pool (ndr-pool, returnContent headers, rateLimit 20/10m per domain)");
        assertThat(mailet.requiredProcessingState()).containsExactly(new ProcessingState(POOL));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "                                                       | processor | is required",
        "processor=                                             | processor | invalid value ''",
        "processor=ndr-pool,returnContent=partial               | returnContent | 'partial'; accepted: full or headers",
        "processor=ndr-pool,rateLimit=100                       | rateLimit | '100'; accepted: COUNT/DURATION",
        "processor=ndr-pool,rateLimit=0/1h                      | rateLimit | '0/1h'",
        "processor=ndr-pool,rateLimit=10/1w                     | rateLimit | '10/1w'",
        "processor=ndr-pool,rateLimt=10/1h                      | rateLimt | accepted: processor, returnContent, rateLimit",
        "processor=ndr-pool,overflowProcessor=slow              | overflowProcessor | only together with rateLimit",
        "processor=ndr-pool,overflowRepository=memory://x/      | overflowRepository | only together with rateLimit",
        "processor=ndr-pool,rateLimit=1/1h,overflowProcessor=slow,overflowRepository=memory://x/ | overflowRepository | no value when overflowProcessor is set",
        "processor=ndr-pool,rateLimit=1/1h,overflowRepository=var/mail/x/ | overflowRepository | 'var/mail/x/'; accepted: a mail repository URL",
        "processor=ndr-pool,rateLimit=1/1h,overflowRepository=cassandra://var/mail/x/ | overflowRepository | 'cassandra://var/mail/x/'",
        "processor=ndr-pool,traceHeader=X Rerouted              | traceHeader | 'X Rerouted'; accepted: a header field name",
    })
    void badParametersFailInitNamingMailetParameterValueAndAcceptedForm(String parameters, String parameter, String expected) {
        List<String> pairs = new java.util.ArrayList<>();
        if (parameters != null) {
            for (String pair : parameters.trim().split(",")) {
                int equals = pair.indexOf('=');
                pairs.add(pair.substring(0, equals));
                pairs.add(pair.substring(equals + 1));
            }
        }

        assertThatThrownBy(() -> mailet(pairs.toArray(new String[0])))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith("RerouteNdr: ")
            .hasMessageContaining(parameter)
            .hasMessageContaining(expected);
    }

    @Test
    void jamesErrorParametersAreAccepted() {
        assertThatCode(() -> mailet("processor", POOL, "onMailetException", "ignore")).doesNotThrowAnyException();
    }
}
