package io.github.backscatterguard.james.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
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
import io.github.backscatterguard.batv.PrvsCodec;

class BatvStripTest {
    @TempDir
    Path directory;
    private Path keyFile;
    private PrvsCodec today;
    private final Logger mailetLogger = (Logger) LoggerFactory.getLogger(BatvStrip.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void setUp() throws Exception {
        keyFile = BatvTestKeys.write(directory);
        today = BatvTestKeys.codec(keyFile, BatvTestKeys.NOW);
        logged.start();
        mailetLogger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        mailetLogger.detachAppender(logged);
    }

    private BatvStrip mailet(String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("BatvStrip").mailetContext(FakeMailContext.defaultContext())
            .setProperty("keyFile", keyFile.toString());
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        BatvStrip mailet = new BatvStrip(BatvTestKeys.CLOCK);
        mailet.init(config.build());
        return mailet;
    }

    private static Mail bounceTo(String... recipients) throws Exception {
        return FakeMail.builder().name("ndr-1").recipients(recipients).build();
    }

    private static List<String> recipients(Mail mail) {
        return mail.getRecipients().stream().map(MailAddress::asString).collect(java.util.stream.Collectors.toList());
    }

    @Test
    void restoresAValidTagAndLeavesOtherRecipientsInPlace() throws Exception {
        Mail mail = bounceTo("carol@localhost", today.sign("alice@localhost"), "dave@remote.test");

        mailet().service(mail);

        assertThat(recipients(mail)).containsExactly("carol@localhost", "alice@localhost", "dave@remote.test");
        assertThat(logged.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
            .startsWith("BatvStrip: mail ndr-1 from <>: prvs=").endsWith("=alice@localhost -> alice@localhost (valid)"));
    }

    @Test
    void restoresATagOfAnOlderKeyStillInTheFile() throws Exception {
        PrvsCodec oldKey = new PrvsCodec(io.github.backscatterguard.batv.BatvKeyRing.read(keyFile).signingWith(3), Duration.ofDays(7),
            BatvTestKeys.CLOCK);
        Mail mail = bounceTo(oldKey.sign("alice@localhost"));

        mailet().service(mail);

        assertThat(recipients(mail)).containsExactly("alice@localhost");
    }

    @Test
    void leavesForgedExpiredAndForeignTagsAsTheyAre() throws Exception {
        String expired = BatvTestKeys.codec(keyFile, BatvTestKeys.NOW.minus(Duration.ofDays(9))).sign("alice@localhost");
        String forged = today.sign("alice@localhost").replaceFirst("=0798......=", "=0798abcdef=");
        String otherAddress = today.sign("alice@localhost").replace("alice@", "mallory@");
        String otherKey = "prvs=5798abcdef=alice@localhost";
        Mail mail = bounceTo(expired, forged, otherAddress, otherKey);

        mailet().service(mail);

        assertThat(recipients(mail)).containsExactly(expired, forged, otherAddress, otherKey);
        assertThat(logged.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
            .contains("kept (expired)").contains("kept (bad-signature)").contains("kept (unknown-key)"));
    }

    @Test
    void restoreAnyRemovesEveryWellFormedTag() throws Exception {
        String expired = BatvTestKeys.codec(keyFile, BatvTestKeys.NOW.minus(Duration.ofDays(9))).sign("alice@localhost");
        Mail mail = bounceTo(expired, "bob@localhost");

        mailet("restore", "ANY").service(mail);

        assertThat(recipients(mail)).containsExactly("alice@localhost", "bob@localhost");
    }

    @Test
    void untaggedMailIsNotTouchedNorLogged() throws Exception {
        Mail mail = bounceTo("alice@localhost", "prvs=not-a-tag@localhost");

        mailet().service(mail);

        assertThat(recipients(mail)).containsExactly("alice@localhost", "prvs=not-a-tag@localhost");
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aMailThatRefusesNewRecipientsIsLeftAsItWasWithOneLine() throws Exception {
        FakeMail mail = FakeMail.builder().name("broken").recipients(today.sign("alice@localhost")).build();
        // The same mail, except that its recipients cannot be replaced (as a read-only Mail would).
        Mail readOnly = (Mail) Proxy.newProxyInstance(Mail.class.getClassLoader(), new Class<?>[] {Mail.class}, (proxy, method, args) -> {
            if (method.getName().equals("setRecipients")) {
                throw new UnsupportedOperationException("read-only recipients");
            }
            try {
                return method.invoke(mail, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });

        mailet().service(readOnly);

        assertThat(mail.getRecipients()).extracting(MailAddress::asString).containsExactly(today.sign("alice@localhost"));
        assertThat(logged.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
            .startsWith("BatvStrip: mail broken recipients").contains("left as they were").contains("read-only recipients"));
    }

    @Test
    void badConfigurationFailsInit() {
        assertThatThrownBy(() -> mailet("restore", "all"))
            .hasMessageContaining("BatvStrip").hasMessageContaining("'restore'").hasMessageContaining("'all'")
            .hasMessageContaining("valid").hasMessageContaining("any");
        assertThatThrownBy(() -> mailet("keyNumber", "0")).hasMessageContaining("unknown parameter(s) [keyNumber]");
        assertThatThrownBy(() -> mailet("validity", "0d")).hasMessageContaining("'validity'").hasMessageContaining("'0d'");
    }
}
