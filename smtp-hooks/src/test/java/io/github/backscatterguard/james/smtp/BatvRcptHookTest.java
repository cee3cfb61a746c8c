package io.github.backscatterguard.james.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.backscatterguard.batv.BatvKeyRing;
import io.github.backscatterguard.batv.PrvsCodec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.lib.MappingsImpl;
import org.apache.james.server.core.MailImpl;
import org.apache.james.user.api.UsersRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The hook's decisions with a real codec and key file; James's session, users and domains are mocks. */
class BatvRcptHookTest {
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final String LOCAL = "local.test";

    @TempDir
    Path directory;
    private Path keyFile;
    private PrvsCodec today;
    private final DomainList domainList = mock(DomainList.class);
    private final UsersRepository users = mock(UsersRepository.class);
    private final RecipientRewriteTable recipientRewriteTable = mock(RecipientRewriteTable.class);
    private final Logger hookLogger = (Logger) LoggerFactory.getLogger(BatvRcptHook.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void setUp() throws Exception {
        keyFile = directory.resolve("batv.keys");
        Files.writeString(keyFile, "0 first-test-secret\n3 older-test-secret\n");
        today = codec(NOW);
        when(domainList.containsDomain(any())).thenAnswer(invocation -> invocation.getArgument(0, Domain.class).equals(Domain.of(LOCAL)));
        when(users.getUsername(any(MailAddress.class))).thenAnswer(invocation -> Username.of(invocation.getArgument(0, MailAddress.class).asString()));
        when(users.contains(any())).thenAnswer(invocation -> invocation.getArgument(0, Username.class).asString().matches("(alice|postmaster)@" + LOCAL));
        when(recipientRewriteTable.getResolvedMappings(any(), any())).thenReturn(MappingsImpl.empty());
        logged.start();
        hookLogger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        hookLogger.detachAppender(logged);
    }

    private PrvsCodec codec(Instant now) throws Exception {
        return new PrvsCodec(BatvKeyRing.read(keyFile), Duration.ofDays(7), Clock.fixed(now, ZoneOffset.UTC));
    }

    private BatvRcptHook hook(String... parameters) throws ConfigurationException {
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("[@class]", BatvRcptHook.class.getName());
        config.addProperty("keyFile", keyFile.toString());
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        BatvRcptHook hook = new BatvRcptHook(users, recipientRewriteTable, domainList, Clock.fixed(NOW, ZoneOffset.UTC));
        hook.init(config);
        logged.list.clear(); // the start-up line; the tests look at the lines of decisions
        return hook;
    }

    /** A session mock that keeps its attachments, as James's does. */
    private static SMTPSession session() {
        SMTPSession session = mock(SMTPSession.class);
        Map<AttachmentKey<?>, Object> transaction = new HashMap<>();
        when(session.getAttachment(any(), eq(State.Transaction))).thenAnswer(invocation ->
            Optional.ofNullable(transaction.get(invocation.getArgument(0, AttachmentKey.class))));
        when(session.setAttachment(any(), any(), eq(State.Transaction))).thenAnswer(invocation ->
            Optional.ofNullable(transaction.put(invocation.getArgument(0, AttachmentKey.class), invocation.getArgument(1))));
        return session;
    }

    private static HookResult rcpt(BatvRcptHook hook, SMTPSession session, MaybeSender sender, String rcpt) throws Exception {
        return hook.doRcpt(session, sender, new MailAddress(rcpt));
    }

    private static HookResult rcpt(BatvRcptHook hook, MaybeSender sender, String rcpt) throws Exception {
        return rcpt(hook, session(), sender, rcpt);
    }

    private static void assertRefused(HookResult result, String status) {
        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.7.1 BATV: no valid signature (" + status + ")");
    }

    @Test
    void aBounceToAValidSignedAddressOfAUserIsAcceptedWithOk() throws Exception {
        assertThat(rcpt(hook(), MaybeSender.nullSender(), today.sign("alice@" + LOCAL))).isEqualTo(HookResult.OK);
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aSignedAddressOfANonUserIsRefusedAsJamesRefusesUnknownUsers() throws Exception {
        HookResult result = rcpt(hook(), MaybeSender.nullSender(), today.sign("nobody@" + LOCAL));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.1.1").contains("nobody@" + LOCAL);
    }

    @Test
    void aBounceToAPlainAddressIsRefusedWith550AndOneLogLine() throws Exception {
        HookResult result = rcpt(hook(), MaybeSender.nullSender(), "alice@" + LOCAL);

        assertRefused(result, "not-tagged");
        assertThat(result.getSmtpDescription()).endsWith("this address sends no mail that could bounce here");
        assertThat(logged.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
            .isEqualTo("BatvRcptHook: refused RCPT alice@local.test from <>: not-tagged"));
    }

    @Test
    void forgedExpiredForeignAndUnknownKeyTagsAreRefused() throws Exception {
        BatvRcptHook hook = hook();
        String valid = today.sign("alice@" + LOCAL);

        assertRefused(rcpt(hook, MaybeSender.nullSender(), valid.replaceFirst("=0798......=", "=0798abcdef=")), "bad-signature");
        assertRefused(rcpt(hook, MaybeSender.nullSender(), today.sign("bob@" + LOCAL).replace("bob@", "alice@")), "bad-signature");
        assertRefused(rcpt(hook, MaybeSender.nullSender(), codec(NOW.minus(Duration.ofDays(8))).sign("alice@" + LOCAL)), "expired");
        assertRefused(rcpt(hook, MaybeSender.nullSender(), "prvs=5798abcdef=alice@" + LOCAL), "unknown-key");
        assertThat(logged.list).hasSize(4);
    }

    @Test
    void postmasterAndAbuseAreNeverRefused() throws Exception {
        BatvRcptHook hook = hook();

        assertThat(rcpt(hook, MaybeSender.nullSender(), "Postmaster@" + LOCAL)).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, MaybeSender.nullSender(), "abuse@" + LOCAL)).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void ordinarySendersAreCheckedOnlyWhenWritingToASignedAddress() throws Exception {
        BatvRcptHook hook = hook();
        MaybeSender carol = MaybeSender.getMailSender("carol@remote.test");

        assertThat(rcpt(hook, carol, "alice@" + LOCAL)).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, carol, today.sign("alice@" + LOCAL))).isEqualTo(HookResult.OK);
        HookResult expired = rcpt(hook, carol, codec(NOW.minus(Duration.ofDays(8))).sign("alice@" + LOCAL));
        assertRefused(expired, "expired");
        assertThat(expired.getSmtpDescription()).endsWith("on this signed address");
    }

    @Test
    void recipientsOutsideTheSigningDomainsAreNotLookedAt() throws Exception {
        BatvRcptHook hook = hook();

        assertThat(rcpt(hook, MaybeSender.nullSender(), "bob@remote.test")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, MaybeSender.nullSender(), "prvs=0798abcdef=bob@remote.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void listedDomainsAreCheckedButASignedAddressIsAcceptedOnlyInJamesDomains() throws Exception {
        BatvRcptHook hook = hook("domains", "Signed.test");

        assertRefused(rcpt(hook, MaybeSender.nullSender(), "alice@signed.test"), "not-tagged");
        // Valid, but not a domain of this server: the relay rules decide.
        assertThat(rcpt(hook, MaybeSender.nullSender(), today.sign("alice@signed.test"))).isEqualTo(HookResult.DECLINED);
        // local.test is not listed, so not checked.
        assertThat(rcpt(hook, MaybeSender.nullSender(), "alice@" + LOCAL)).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void tagOnlyRefusesNothingAndWritesTheStatusesAtTheEndOfData() throws Exception {
        BatvRcptHook hook = hook("mode", "tag-only");
        SMTPSession session = session();

        assertThat(rcpt(hook, session, MaybeSender.nullSender(), "alice@" + LOCAL)).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, session, MaybeSender.nullSender(), codec(NOW.minus(Duration.ofDays(8))).sign("alice@" + LOCAL)))
            .isEqualTo(HookResult.OK);
        assertThat(rcpt(hook, session, MaybeSender.nullSender(), "prvs=0798abcdef=postmaster@" + LOCAL)).isEqualTo(HookResult.OK);
        assertThat(rcpt(hook, session, MaybeSender.nullSender(), today.sign("alice@" + LOCAL))).isEqualTo(HookResult.OK);
        MailImpl mail = mail(BatvRcptHook.HEADER + ": valid\r\n");

        assertThat(hook.onMessage(session, mail)).isEqualTo(HookResult.DECLINED);

        assertThat(mail.getMessage().getHeader(BatvRcptHook.HEADER)).containsExactly("not-tagged,expired,bad-signature,valid");
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
            "BatvRcptHook: tag-only: would refuse RCPT alice@local.test from <>: not-tagged",
            "BatvRcptHook: tag-only: would refuse RCPT " + codec(NOW.minus(Duration.ofDays(8))).sign("alice@" + LOCAL) + " from <>: expired",
            "BatvRcptHook: tag-only: would refuse RCPT prvs=0798abcdef=postmaster@local.test from <>: bad-signature");
    }

    @Test
    void tagOnlyRemovesAPlantedHeaderWhenNothingWasRecorded() throws Exception {
        BatvRcptHook hook = hook("mode", "TAG-ONLY");
        MailImpl mail = mail(BatvRcptHook.HEADER + ": valid\r\n");

        hook.onMessage(session(), mail);

        assertThat(mail.getMessage().getHeader(BatvRcptHook.HEADER)).isNull();
    }

    @Test
    void rejectModeLeavesTheMessageAlone() throws Exception {
        BatvRcptHook hook = hook();
        SMTPSession session = session();
        rcpt(hook, session, MaybeSender.nullSender(), today.sign("alice@" + LOCAL));
        MailImpl mail = mail(BatvRcptHook.HEADER + ": planted\r\n");

        hook.onMessage(session, mail);

        assertThat(mail.getMessage().getHeader(BatvRcptHook.HEADER)).containsExactly("planted");
    }

    @Test
    void aFailingDomainListLeavesTheDecisionToJamesWithOneLine() throws Exception {
        DomainList failing = mock(DomainList.class);
        when(failing.containsDomain(any())).thenThrow(new DomainListException("backend down"));
        BatvRcptHook hook = new BatvRcptHook(users, recipientRewriteTable, failing, Clock.fixed(NOW, ZoneOffset.UTC));
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("keyFile", keyFile.toString());
        hook.init(config);

        assertThat(rcpt(hook, MaybeSender.nullSender(), "alice@" + LOCAL)).isEqualTo(HookResult.DECLINED);
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
            .anySatisfy(line -> assertThat(line).startsWith("BatvRcptHook: could not check RCPT alice@local.test from <>; left to James")
                .contains("backend down"));
    }

    @Test
    void badConfigurationFailsStartNamingHookParameterAndValue() throws Exception {
        assertThatThrownBy(() -> hook("keyFile", ""))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("BatvRcptHook").hasMessageContaining("'keyFile' is required");
        Path missing = directory.resolve("absent.keys");
        assertThatThrownBy(() -> hook("keyFile", missing.toString()))
            .hasMessageContaining("'keyFile'").hasMessageContaining(missing.toString()).hasMessageContaining("cannot read");
        Path malformed = directory.resolve("malformed.keys");
        Files.writeString(malformed, "# comment\n12 very-secret-value\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> hook("keyFile", malformed.toString()))
            .hasMessageContaining("line 2").hasMessageNotContaining("very-secret-value");
        assertThatThrownBy(() -> hook("mode", "block"))
            .hasMessageContaining("'mode'").hasMessageContaining("'block'").hasMessageContaining("reject (default) or tag-only");
        assertThatThrownBy(() -> hook("validity", "1000d")).hasMessageContaining("'validity'").hasMessageContaining("'1000d'");
        assertThatThrownBy(() -> hook("domains", "local,")).hasMessageContaining("'domains'").hasMessageContaining("'local,'");
        assertThatThrownBy(() -> hook("keyNumber", "0")).hasMessageContaining("unknown parameter <keyNumber>");
    }

    private static MailImpl mail(String extraHeaders) throws Exception {
        String text = extraHeaders + "From: MAILER-DAEMON@remote.test\r\nTo: alice@local.test\r\nSubject: Undelivered\r\n\r\nbody\r\n";
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
        return MailImpl.builder().name("m1").sender(MaybeSender.nullSender()).addRecipient("alice@" + LOCAL).mimeMessage(message).build();
    }
}
