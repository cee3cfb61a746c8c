package io.github.backscatterguard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.dnsservice.api.DNSService;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A malformed BATV key file stops a real James 3.8.1 ({@code conf-samples/batv}, whose hook and
 * mailets all read it) with an error that names the file and the line but never shows the secret
 * on that line: neither in the exception James's start throws (messages and stack trace of every
 * cause) nor in anything logged meanwhile (ours at DEBUG, James's at INFO).
 */
class SecurityBatvKeyFileErrorIntegrationTest {
    private static final String SAMPLE = "batv";
    private static final String HOOK = "//handler[@class='io.github.backscatterguard.james.smtp.BatvRcptHook']";
    private static final String SIGN = "//processor[@state='relay']/mailet[@class='io.github.backscatterguard.james.mailets.BatvSign']";
    private static final String STRIP = "//processor[@state='root']/mailet[@class='io.github.backscatterguard.james.mailets.BatvStrip']";
    private static final String SECRET = "bg-never-show-me-" + Long.toHexString(System.nanoTime());

    @ParameterizedTest(name = "key file \"{0}\"")
    @ValueSource(strings = {
        "SECRET",              // the secret without its key number
        "Z SECRET",            // a key number that is not a digit
        "12 SECRET",           // a key number out of range
        "0 SECRET\\n0 SECRET2" // the same key number twice
    })
    void aMalformedKeyFileStopsJamesWithAnErrorThatNeverShowsTheSecret(String lines, @TempDir Path workingDirectory) throws Exception {
        Path conf = workingDirectory.resolve("conf");
        Files.createDirectories(conf);
        for (String file : List.of("domainlist.xml", "usersrepository.xml", "pop3server.xml", "dnsservice.xml", "imapserver.xml")) {
            Files.writeString(conf.resolve(file), SampleJames.resource(file));
        }
        Path keyFile = conf.resolve("batv.keys");
        Files.writeString(keyFile, "# a key file with a mistake\n" + lines.replace("\\n", "\n").replace("SECRET", SECRET) + "\n");
        TestEdits.smtpOnLoopback(SampleFile.load(SAMPLE, "smtpserver.xml")).setText(HOOK + "/keyFile", keyFile.toString()).writeTo(conf);
        SampleFile.load(SAMPLE, "mailetcontainer.xml")
            .setText(SIGN + "/keyFile", keyFile.toString())
            .setText(STRIP + "/keyFile", keyFile.toString())
            .writeTo(conf);
        GuiceJamesServer server = MemoryJamesServerMain.createServer(MemoryJamesConfiguration.builder()
                .workingDirectory(workingDirectory.toFile())
                .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
                .build())
            .overrideWith(binder -> binder.bind(DNSService.class).toInstance(new LiteralResolvingDnsService()));

        Throwable failure;
        List<String> logged;
        try (SecurityLogCapture logs = SecurityLogCapture.start()) {
            failure = catchThrowable(server::start);
            logged = logs.lines();
        } finally {
            server.stop();
        }

        assertThat(failure).as("James must refuse to start").isNotNull();
        String error = stackTrace(failure);
        assertThat(error).as("the error is the key file's").contains("BATV key file " + keyFile);
        assertThat(error).doesNotContain(SECRET);
        assertThat(logged).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(SECRET));
    }

    private static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
