package io.github.backscatterguard.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.dnsservice.api.DNSService;

/**
 * Starts a real James 3.8.1 memory server on a {@code conf/} written by the test (sample files
 * with one broken value) and returns what {@code start()} threw, so a test can check that James
 * refuses to start and that the error names what is wrong. Runs with
 * {@code -Djames.exit.on.startup.error=false} (the module's surefire configuration), without which a
 * failed start would call {@code System.exit}.
 */
final class ConfigurationBootAttempt {
    /** The files a sample leaves to the administrator, from src/test/resources (as SampleJames copies them). */
    private static final List<String> TEST_FILES =
        List.of("domainlist.xml", "usersrepository.xml", "pop3server.xml", "dnsservice.xml", "imapserver.xml");

    private ConfigurationBootAttempt() {
    }

    /**
     * Writes the test files and the sample files into {@code workingDirectory/conf}, starts James and
     * stops it again; returns the text of every exception in the chain of the start failure (messages
     * of causes and suppressed exceptions, one per line), or fails if James started.
     */
    static String startFailure(Path workingDirectory, SampleJames.ConfWriter sampleWriter) throws Exception {
        Path conf = workingDirectory.resolve("conf");
        Files.createDirectories(conf);
        for (String file : TEST_FILES) {
            Files.writeString(conf.resolve(file), SampleJames.resource(file));
        }
        sampleWriter.write(conf);
        MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
            .workingDirectory(workingDirectory.toFile())
            .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
            .build();
        GuiceJamesServer server = MemoryJamesServerMain.createServer(configuration)
            .overrideWith(binder -> binder.bind(DNSService.class).toInstance(new LiteralResolvingDnsService()));
        Throwable failure = null;
        try {
            server.start();
        } catch (Throwable e) {
            failure = e;
        } finally {
            stopQuietly(server);
        }
        if (failure == null) {
            throw new AssertionError("James started although its configuration is broken");
        }
        return chainText(failure);
    }

    /** A server whose start failed half way may have parts that cannot stop: that must not hide the start failure. */
    private static void stopQuietly(GuiceJamesServer server) {
        try {
            server.stop();
        } catch (RuntimeException e) {
            System.err.println("ConfigurationBootAttempt: stopping the failed server: " + e);
        }
    }

    static String chainText(Throwable failure) {
        List<String> lines = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        collect(failure, lines, seen);
        return String.join("\n", lines);
    }

    private static void collect(Throwable throwable, List<String> lines, Map<Throwable, Boolean> seen) {
        if (throwable == null || seen.put(throwable, Boolean.TRUE) != null) {
            return;
        }
        lines.add(throwable.getClass().getName() + ": " + throwable.getMessage());
        for (Throwable suppressed : throwable.getSuppressed()) {
            collect(suppressed, lines, seen);
        }
        collect(throwable.getCause(), lines, seen);
    }
}
