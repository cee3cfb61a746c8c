package io.github.backscatterguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad configuration stops James at start, through James's own config loading: the sample of
 * {@code conf-samples/} with one value broken, written into a real James 3.8.1's {@code conf/}, and
 * {@code start()} must throw with the component, the parameter and the bad value (and, where our
 * code writes the message, the accepted form) somewhere in the exception chain. One case per kind
 * of place a value is read from: a matcher condition, a mailet parameter, an SMTP hook parameter;
 * plus a processor that does not exist, which James itself checks through
 * {@code Mailet.requiredProcessingState()}.
 */
class ConfigurationErrorsIntegrationTest {
    private static final String COMPLETE = "complete";
    private static final String BATV = "batv";
    private static final String BATV_HOOK = "//handler[@class='io.github.backscatterguard.james.smtp.BatvRcptHook']";
    private static final String BATV_SIGN = "//processor[@state='relay']/mailet[@class='io.github.backscatterguard.james.mailets.BatvSign']";
    private static final String BATV_STRIP = "//processor[@state='root']/mailet[@class='io.github.backscatterguard.james.mailets.BatvStrip']";

    /** How one file of a sample is broken, once both files are written: it writes the broken file again. */
    @FunctionalInterface
    interface Breakage {
        void apply(SampleFile file, Path conf) throws Exception;
    }

    static Stream<Arguments> brokenConfigurations() {
        return Stream.of(
            broken("matcher condition: InBackscattererSafeMode timeout=forever", COMPLETE, "mailetcontainer.xml",
                edit(file -> file.setConditionValue(TestEdits.FALLBACK, "timeout", "forever")),
                List.of("InBackscattererSafeMode", "'timeout'", "'forever'", "accepted: a whole number followed by ms, s, m, h or d")),
            broken("matcher condition: InBackscattererSafeMode trustedNetworks=10.0.0.0/33", COMPLETE, "mailetcontainer.xml",
                edit(file -> file.setConditionValue(TestEdits.FALLBACK, "trustedNetworks", "10.0.0.0/33")),
                List.of("InBackscattererSafeMode", "'trustedNetworks'", "10.0.0.0/33", "accepted: CIDR blocks")),
            broken("matcher condition: IsNdr=ndr,bounce", COMPLETE, "mailetcontainer.xml",
                replaceText("mailetcontainer.xml", "IsNdr=ndr,delay\"", "IsNdr=ndr,bounce\""),
                List.of("IsNdr", "'bounce'", "accepted kinds")),
            broken("mailet parameter: RerouteNdr rateLimit=lots", COMPLETE, "mailetcontainer.xml",
                edit(file -> file.setText(TestEdits.REROUTE + "/rateLimit", "lots")),
                List.of("RerouteNdr", "'rateLimit'", "'lots'", "accepted: COUNT/DURATION")),
            broken("mailet parameter: RerouteNdr unknown parameter rateLimt", COMPLETE, "mailetcontainer.xml",
                edit(file -> file.addChild(TestEdits.REROUTE, "rateLimt", "10/1h")),
                List.of("RerouteNdr", "unknown parameter(s) [rateLimt]", "accepted: processor, returnContent, rateLimit")),
            broken("mailet parameter: RerouteNdr processor that does not exist", COMPLETE, "mailetcontainer.xml",
                edit(file -> file.setText(TestEdits.REROUTE + "/processor", "ndr-poool")),
                List.of("undefined processors", "ndr-poool")),
            broken("mailet parameter: RejectBackscatter repository without protocol", COMPLETE, "mailetcontainer.xml",
                edit(file -> file.setText(TestEdits.FALLBACK + "/repository", "var/mail/backscatter/")),
                List.of("RejectBackscatter", "'repository'", "'var/mail/backscatter/'", "accepted: a mail repository URL")),
            broken("hook parameter: SafeModeDnsblHook zone 'bad zone'", COMPLETE, "smtpserver.xml",
                edit(file -> file.setText(TestEdits.SAFE_MODE_HOOK + "/zone", "bad zone")),
                List.of("SafeModeDnsblHook", "'zone'", "'bad zone'", "expected a DNS name such as ips.backscatterer.org")),
            broken("hook parameter: SafeModeDnsblHook return-code filter 127.0.0.[2..300]", COMPLETE, "smtpserver.xml",
                edit(file -> file.setText(TestEdits.SAFE_MODE_HOOK + "/zone", "ips.backscatterer.org=127.0.0.[2..300]")),
                List.of("SafeModeDnsblHook", "'zone'", "127.0.0.[2..300]")),
            broken("hook parameter: SafeModeDnsblHook unknown parameter zon", COMPLETE, "smtpserver.xml",
                edit(file -> file.addChild(TestEdits.SAFE_MODE_HOOK, "zon", "x")),
                List.of("SafeModeDnsblHook", "unknown parameter <zon>", "accepted")),
            broken("hook parameter: RelayRecipientListHook relayDomains with a bad domain", COMPLETE, "smtpserver.xml",
                edit(file -> file.setText(TestEdits.RELAY_RECIPIENT_LIST_HOOK + "/relayDomains", "customer.example, customer_example")),
                List.of("RelayRecipientListHook", "'relayDomains'", "'customer_example' is not a domain name", "accepted: a host name")),
            broken("hook parameter: BatvRcptHook unreadable keyFile", BATV, "smtpserver.xml",
                (file, conf) -> file.setText(BATV_HOOK + "/keyFile", unreadableKeyFile(conf).toString()).writeTo(conf),
                List.of("BatvRcptHook", "'keyFile'", "unreadable.keys", "cannot read", "accepted: the path of a readable file")));
    }

    private static Arguments broken(String name, String sample, String brokenFile, Breakage breakage, List<String> expected) {
        return Arguments.of(Named.of(name, sample), brokenFile, breakage, expected);
    }

    @ParameterizedTest
    @MethodSource("brokenConfigurations")
    void jamesRefusesToStartNamingTheComponentTheParameterAndTheValue(String sample, String brokenFile, Breakage breakage,
                                                                       List<String> expected, @TempDir Path workingDirectory) throws Exception {
        String failure = ConfigurationBootAttempt.startFailure(workingDirectory, conf -> writeSample(sample, brokenFile, breakage, conf));

        System.out.println("ConfigurationErrorsIntegrationTest: James refused to start:\n  " + failure.replace("\n", "\n  "));
        for (String part : expected) {
            assertThat(failure).as("start failure of James").contains(part);
        }
    }

    /** The sample's two files, test-only edits applied, one of them broken; BATV key files valid except where broken. */
    private static void writeSample(String sample, String brokenFile, Breakage breakage, Path conf) throws Exception {
        Path keyFile = conf.resolve("batv.keys");
        Files.writeString(keyFile, "0 c2VjcmV0LWZvci1hLWNvbmZpZ3VyYXRpb24tdGVzdA==\n");
        SampleFile smtpServer = TestEdits.smtpOnLoopback(SampleFile.load(sample, "smtpserver.xml"));
        SampleFile mailetContainer = SampleFile.load(sample, "mailetcontainer.xml");
        if (sample.equals(BATV)) {
            smtpServer.setText(BATV_HOOK + "/keyFile", keyFile.toString());
            mailetContainer.setText(BATV_SIGN + "/keyFile", keyFile.toString()).setText(BATV_STRIP + "/keyFile", keyFile.toString());
        }
        smtpServer.writeTo(conf);
        mailetContainer.writeTo(conf);
        breakage.apply(brokenFile.equals("smtpserver.xml") ? smtpServer : mailetContainer, conf);
    }

    /** A key file James cannot read as a file whoever runs the test (root reads a chmod 000 file): a directory. */
    private static Path unreadableKeyFile(Path conf) throws Exception {
        return Files.createDirectories(conf.resolve("unreadable.keys"));
    }

    /** Changes the sample file with SampleFile's XPath edits, then writes it over the unbroken copy. */
    private static Breakage edit(java.util.function.Consumer<SampleFile> change) {
        return (file, conf) -> {
            change.accept(file);
            file.writeTo(conf);
        };
    }

    /** Replaces text that must be in the written file (for what SampleFile cannot edit, such as a whole match attribute). */
    private static Breakage replaceText(String fileName, String text, String replacement) {
        return (file, conf) -> {
            Path path = conf.resolve(fileName);
            String content = Files.readString(path);
            if (!content.contains(text)) {
                throw new IllegalStateException(fileName + " does not contain " + text);
            }
            Files.writeString(path, content.replace(text, replacement));
        };
    }
}
