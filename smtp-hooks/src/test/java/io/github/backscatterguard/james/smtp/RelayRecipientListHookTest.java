package io.github.backscatterguard.james.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hook's decisions over real list files; the SMTP session is a mock (the real server is in integration-tests). */
class RelayRecipientListHookTest {
    @TempDir
    Path directory;
    @TempDir
    Path jamesHome;
    private final SharedRecipientListStore shared = new SharedRecipientListStore();
    private RelayRecipientListHook hook;

    @BeforeEach
    void writeLists() throws IOException {
        write("customer.example.txt", "# valid recipients\nalice@customer.example\nBob@customer.example\n");
        write("catchall.example.txt", "*@catchall.example\n");
    }

    @AfterEach
    void destroyHook() {
        if (hook != null) {
            hook.destroy();
        }
    }

    private void write(String name, String text) throws IOException {
        Files.write(directory.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }

    private BaseHierarchicalConfiguration config(Map<String, String> extra) {
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("directory", directory.toString());
        extra.forEach(config::setProperty);
        return config;
    }

    private RelayRecipientListHook hook(BaseHierarchicalConfiguration config) throws ConfigurationException {
        hook = newHook();
        hook.init(config);
        return hook;
    }

    private RelayRecipientListHook newHook() {
        return new RelayRecipientListHook(new DirectoryFileSystem(jamesHome), shared);
    }

    private static HookResult rcpt(RelayRecipientListHook hook, String recipient) throws Exception {
        return hook.doRcpt(mock(SMTPSession.class), MaybeSender.getMailSender("sender@outside.test"), new MailAddress(recipient));
    }

    @Test
    void refusesAnUnlistedRecipientOfAListedDomainWith550() throws Exception {
        HookResult result = rcpt(hook(config(Map.of())), "mallory@customer.example");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).isEqualTo("5.1.1 <mallory@customer.example>: recipient not known here");
    }

    @Test
    void declinesListedRecipientsSoTheRestOfTheChainDecides() throws Exception {
        hook(config(Map.of()));

        assertThat(rcpt(hook, "alice@customer.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, "ALICE@Customer.Example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, "bob+news@customer.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, "anyone@catchall.example")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void leavesDomainsWithoutListAlone() throws Exception {
        hook(config(Map.of()));

        assertThat(rcpt(hook, "mallory@other.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, "mallory@sub.customer.example")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void caseSensitiveLocalPartsWhenConfigured() throws Exception {
        hook(config(Map.of("caseSensitiveLocalParts", "true")));

        assertThat(rcpt(hook, "Bob@customer.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, "bob@customer.example").getResult()).isEqualTo(HookReturnCode.deny());
    }

    @Test
    void subaddressSeparatorIsConfigurableAndCanBeTurnedOff() throws Exception {
        hook(config(Map.of("subaddressSeparator", "-")));
        assertThat(rcpt(hook, "alice-news@customer.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, "alice+news@customer.example").getResult()).isEqualTo(HookReturnCode.deny());
        hook.destroy();

        BaseHierarchicalConfiguration off = config(Map.of());
        off.addProperty("subaddressSeparator", ""); // <subaddressSeparator/>
        hook(off);
        assertThat(rcpt(hook, "alice+news@customer.example").getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(rcpt(hook, "alice@customer.example")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aBrokenListAtStartLeavesItsDomainOpen() throws Exception {
        write("broken.example.txt", "alice@broken.example\nalice@other.example\n");

        hook(config(Map.of()));

        assertThat(rcpt(hook, "mallory@broken.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, "mallory@customer.example").getResult()).isEqualTo(HookReturnCode.deny());
    }

    @Test
    void picksUpAChangedFileWithoutRestart() throws Exception {
        hook(config(Map.of("reloadInterval", "1s")));
        assertThat(rcpt(hook, "carol@customer.example").getResult()).isEqualTo(HookReturnCode.deny());

        Path upload = directory.resolve("upload.tmp");
        Files.write(upload, "alice@customer.example\ncarol@customer.example\n".getBytes(StandardCharsets.UTF_8));
        Files.move(upload, directory.resolve("customer.example.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        // Waits for the outcome, bounded; not a measurement.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!rcpt(hook, "carol@customer.example").getResult().equals(HookReturnCode.declined()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(rcpt(hook, "carol@customer.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, "bob@customer.example").getResult()).isEqualTo(HookReturnCode.deny());
    }

    @Test
    void destroyStopsTheReloadThread() throws Exception {
        hook(config(Map.of()));
        assertThat(reloadThreads()).isNotEmpty();

        hook.destroy();
        hook.destroy(); // twice is harmless

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!reloadThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(reloadThreads()).isEmpty();
    }

    private static List<Thread> reloadThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().equals("backscatter-guard-recipient-lists") && thread.isAlive())
            .collect(Collectors.toList());
    }

    @Test
    void failsOpenOnItsOwnTrouble() throws Exception {
        RelayRecipientListHook uninitialized = newHook();

        assertThat(rcpt(uninitialized, "mallory@customer.example")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void directoryIsRequired() {
        assertThatThrownBy(() -> hook(new BaseHierarchicalConfiguration()))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("RelayRecipientListHook")
            .hasMessageContaining("parameter 'directory' is required")
            .hasMessageContaining("accepted: a directory (created if missing)");
    }

    @Test
    void aMissingDirectoryIsCreated() throws Exception {
        Path missing = directory.resolve("missing");

        hook(config(Map.of("directory", missing.toString())));

        assertThat(missing).isDirectory();
        assertThat(rcpt(hook, "anyone@customer.example")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void fileNamesAndRelativePathsResolveAgainstJamesHomeNotTheWorkingDirectory() throws Exception {
        Files.createDirectories(jamesHome.resolve("var/lists"));
        Files.write(jamesHome.resolve("var/lists/customer.example.txt"), "alice@customer.example\n".getBytes(StandardCharsets.UTF_8));

        hook(config(Map.of("directory", "file://var/lists/")));
        assertThat(rcpt(hook, "mallory@customer.example").getResult()).isEqualTo(HookReturnCode.deny());
        hook.destroy();

        hook(config(Map.of("directory", "var/lists")));
        assertThat(rcpt(hook, "mallory@customer.example").getResult()).isEqualTo(HookReturnCode.deny());
    }

    @Test
    void directoryMustBeADirectory() {
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("directory", directory.resolve("customer.example.txt").toString());

        assertThatThrownBy(() -> hook(config)).hasMessageContaining("which is not a directory");
    }

    @Test
    void badParametersFailInitNamingParameterAndValue() {
        assertThatThrownBy(() -> hook(config(Map.of("caseSensitiveLocalParts", "maybe"))))
            .isInstanceOf(ConfigurationException.class)
            .hasMessage("RelayRecipientListHook: parameter 'caseSensitiveLocalParts' has value 'maybe'; accepted: true, false");
        assertThatThrownBy(() -> hook(config(Map.of("subaddressSeparator", "@"))))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("parameter 'subaddressSeparator'").hasMessageContaining("'@'");
        assertThatThrownBy(() -> hook(config(Map.of("reloadInterval", "soon"))))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("parameter 'reloadInterval'").hasMessageContaining("'soon'");
        assertThatThrownBy(() -> hook(config(Map.of("reloadInterval", "500ms"))))
            .isInstanceOf(ConfigurationException.class)
            .hasMessage("RelayRecipientListHook: parameter 'reloadInterval' has value '500ms'; accepted: 1s or more");
        assertThatThrownBy(() -> hook(config(Map.of("reloadIntervall", "10s"))))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("unknown parameter <reloadIntervall>");
    }

    @Test
    void relayDomainsAcceptListedAndUnlistedDomainsRecipientsAndRefuseTheRest() throws Exception {
        hook(config(Map.of("relayDomains", "customer.example, Open.Example")));

        assertThat(rcpt(hook, "alice@customer.example")).isEqualTo(HookResult.OK);
        assertThat(rcpt(hook, "ALICE+news@Customer.Example")).isEqualTo(HookResult.OK);
        assertThat(rcpt(hook, "mallory@customer.example").getSmtpRetCode()).isEqualTo("550");
        // A relay domain without a list: accepted (the downstream server validates), never refused.
        assertThat(rcpt(hook, "anyone@open.example")).isEqualTo(HookResult.OK);
        // Not a relay domain: the rest of the chain decides, listed or not.
        assertThat(rcpt(hook, "anyone@catchall.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(hook, "anyone@elsewhere.example")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aRelayDomainWhoseListIsBrokenIsAcceptedNotRefused() throws Exception {
        write("broken.example.txt", "alice@broken.example\nalice@other.example\n");

        hook(config(Map.of("relayDomains", "broken.example")));

        assertThat(rcpt(hook, "mallory@broken.example")).isEqualTo(HookResult.OK);
    }

    @Test
    void badRelayDomainsFailInit() {
        assertThatThrownBy(() -> hook(config(Map.of("relayDomains", "customer.example, not a domain"))))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("RelayRecipientListHook: parameter 'relayDomains' has value 'customer.example, not a domain'")
            .hasMessageContaining("'not a domain' is not a domain name");
    }

    @Test
    void hooksOfOneServerShareOneStoreAndOneReloadThread() throws Exception {
        RelayRecipientListHook port25 = hook(config(Map.of()));
        RelayRecipientListHook port587 = newHook();
        port587.init(config(Map.of()));

        assertThat(shared.store()).isPresent();
        assertThat(reloadThreads()).hasSize(1);
        assertThat(shared.editor()).isPresent();
        shared.editor().get().replace("customer.example", "carol@customer.example\n".getBytes(StandardCharsets.UTF_8));
        assertThat(rcpt(port25, "carol@customer.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(port587, "carol@customer.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt(port587, "alice@customer.example").getResult()).isEqualTo(HookReturnCode.deny());

        port587.destroy();
        assertThat(rcpt(port25, "alice@customer.example").getResult()).isEqualTo(HookReturnCode.deny()); // still served
    }

    @Test
    void hooksOfOneServerMustAgreeOnTheirSettings() throws Exception {
        hook(config(Map.of()));
        RelayRecipientListHook other = newHook();

        assertThatThrownBy(() -> other.init(config(Map.of("caseSensitiveLocalParts", "true"))))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("RelayRecipientListHook: parameter 'directory'")
            .hasMessageContaining("another RelayRecipientListHook of this server already reads")
            .hasMessageContaining("accepted: the same directory");
    }
}
