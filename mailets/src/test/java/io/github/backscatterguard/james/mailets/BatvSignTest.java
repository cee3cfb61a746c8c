package io.github.backscatterguard.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.mail.MessagingException;

import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.backscatterguard.batv.PrvsCheck;
import io.github.backscatterguard.batv.PrvsCodec;

class BatvSignTest {
    @TempDir
    Path directory;
    private Path keyFile;
    private final Logger mailetLogger = (Logger) LoggerFactory.getLogger(BatvSign.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void setUp() throws Exception {
        keyFile = BatvTestKeys.write(directory);
        logged.start();
        mailetLogger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        mailetLogger.detachAppender(logged);
    }

    /** The fake context's only local domain is {@code localhost}. */
    private BatvSign mailet(String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("BatvSign").mailetContext(FakeMailContext.defaultContext());
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        BatvSign mailet = new BatvSign(BatvTestKeys.CLOCK);
        mailet.init(config.build());
        return mailet;
    }

    private BatvSign mailet() throws MessagingException {
        return mailet("keyFile", keyFile.toString());
    }

    private static Mail mail(MaybeSender sender) throws Exception {
        return MailImpl.builder().name("m1").sender(sender).addRecipient("bob@remote.test").build();
    }

    private static Mail mail(String sender) throws Exception {
        return mail(MaybeSender.getMailSender(sender));
    }

    @Test
    void signsTheSenderOfALocalDomainSoThatItVerifies() throws Exception {
        Mail mail = mail("alice@localhost");

        mailet().service(mail);

        String sender = mail.getMaybeSender().asString();
        assertThat(sender).matches("prvs=0798[0-9a-f]{6}=alice@localhost");
        PrvsCheck check = BatvTestKeys.codec(keyFile, BatvTestKeys.NOW.plus(Duration.ofDays(6))).verify(sender);
        assertThat(check.status()).isEqualTo(PrvsCheck.Status.VALID);
        assertThat(check.original()).contains("alice@localhost");
        assertThat(mail.getRecipients()).extracting(Object::toString).containsExactly("bob@remote.test");
    }

    @Test
    void leavesSendersOfOtherDomainsTheNullSenderAndSignedSendersAlone() throws Exception {
        BatvSign mailet = mailet();
        String alreadySigned = BatvTestKeys.codec(keyFile, BatvTestKeys.NOW.minus(Duration.ofDays(1))).sign("alice@localhost");
        for (MaybeSender sender : new MaybeSender[] {MaybeSender.getMailSender("carol@remote.test"), MaybeSender.nullSender(),
            MaybeSender.getMailSender(alreadySigned)}) {
            Mail mail = mail(sender);

            mailet.service(mail);

            assertThat(mail.getMaybeSender()).isEqualTo(sender);
        }
        assertThat(logged.list).isEmpty();
    }

    @Test
    void domainsParameterListsDomainsCaseInsensitivelyAndLocalAddsTheServers() throws Exception {
        BatvSign listed = mailet("keyFile", keyFile.toString(), "domains", " Example.COM , example.org ");
        Mail fromListed = mail("alice@example.com");
        Mail fromLocal = mail("alice@localhost");
        listed.service(fromListed);
        listed.service(fromLocal);
        assertThat(PrvsCodec.isTagged(fromListed.getMaybeSender().asString())).isTrue();
        assertThat(fromLocal.getMaybeSender().asString()).isEqualTo("alice@localhost");

        Mail both = mail("alice@localhost");
        mailet("keyFile", keyFile.toString(), "domains", "example.com,local").service(both);
        assertThat(PrvsCodec.isTagged(both.getMaybeSender().asString())).isTrue();
    }

    @Test
    void keyNumberChoosesTheSigningKey() throws Exception {
        Mail mail = mail("alice@localhost");

        mailet("keyFile", keyFile.toString(), "keyNumber", "3").service(mail);

        assertThat(mail.getMaybeSender().asString()).startsWith("prvs=3798");
        assertThat(BatvTestKeys.codec(keyFile, BatvTestKeys.NOW).verify(mail.getMaybeSender().asString()).isValid()).isTrue();
    }

    @Test
    void validityMovesTheExpiryDay() throws Exception {
        Mail mail = mail("alice@localhost");

        mailet("keyFile", keyFile.toString(), "validity", "30d").service(mail);

        // Day 20791 + 30 = 20821: stamp 821.
        assertThat(mail.getMaybeSender().asString()).startsWith("prvs=0821");
    }

    @Test
    void aLocalPartTooLongOnceSignedLeavesUnsignedWithOneLine() throws Exception {
        String longSender = "a".repeat(BatvSign.MAX_LOCAL_PART_LENGTH - 15) + "@localhost";
        Mail mail = mail(longSender);

        mailet().service(mail);

        assertThat(mail.getMaybeSender().asString()).isEqualTo(longSender);
        assertThat(logged.list).singleElement().satisfies(event ->
            assertThat(event.getFormattedMessage()).contains("left unsigned").contains("exceed 64"));
        Mail fits = mail("a".repeat(BatvSign.MAX_LOCAL_PART_LENGTH - 16) + "@localhost");
        mailet().service(fits);
        assertThat(PrvsCodec.isTagged(fits.getMaybeSender().asString())).isTrue();
    }

    @Test
    void aMailWhoseSenderCannotChangeLeavesUnsignedWithoutThrowing() throws Exception {
        FakeMail mail = FakeMail.builder().name("fake").sender("alice@localhost").recipient("bob@remote.test").build();

        assertThatCode(() -> mailet().service(mail)).doesNotThrowAnyException();

        assertThat(mail.getMaybeSender().asString()).isEqualTo("alice@localhost");
        assertThat(logged.list).singleElement().satisfies(event ->
            assertThat(event.getFormattedMessage()).contains("BatvSign: mail fake left unsigned"));
    }

    @Test
    void badConfigurationFailsInitNamingMailetParameterAndValue() throws Exception {
        assertThatThrownBy(() -> mailet("domains", "local"))
            .hasMessageContaining("BatvSign").hasMessageContaining("'keyFile' is required");
        Path missing = directory.resolve("missing.keys");
        assertThatThrownBy(() -> mailet("keyFile", missing.toString()))
            .hasMessageContaining("BatvSign").hasMessageContaining("'keyFile'").hasMessageContaining(missing.toString())
            .hasMessageContaining("cannot read");
        Path malformed = directory.resolve("malformed.keys");
        Files.writeString(malformed, "0 good-secret\nten very-secret-value\n");
        assertThatThrownBy(() -> mailet("keyFile", malformed.toString()))
            .hasMessageContaining("line 2").hasMessageContaining(malformed.toString())
            .hasMessageNotContaining("very-secret-value").hasMessageNotContaining("good-secret");
        assertThatThrownBy(() -> mailet("keyFile", keyFile.toString(), "keyNumber", "5"))
            .hasMessageContaining("'keyNumber'").hasMessageContaining("'5'").hasMessageContaining("0-9");
        assertThatThrownBy(() -> mailet("keyFile", keyFile.toString(), "validity", "12h"))
            .hasMessageContaining("'validity'").hasMessageContaining("'12h'").hasMessageContaining("whole days");
        assertThatThrownBy(() -> mailet("keyFile", keyFile.toString(), "validity", "a week"))
            .hasMessageContaining("'validity'").hasMessageContaining("'a week'");
        assertThatThrownBy(() -> mailet("keyFile", keyFile.toString(), "domains", "example.com,,local"))
            .hasMessageContaining("'domains'").hasMessageContaining("example.com,,local");
        assertThatThrownBy(() -> mailet("keyFile", keyFile.toString(), "domain", "local"))
            .hasMessageContaining("unknown parameter(s) [domain]");
    }

    @Test
    void mailetInfoNamesTheDomains() throws Exception {
        assertThat(mailet("keyFile", keyFile.toString(), "domains", "example.com,local").getMailetInfo())
            .isEqualTo("BatvSign: signs the envelope sender of outgoing mail with BATV (prvs) for domains example.com,local");
    }
}
