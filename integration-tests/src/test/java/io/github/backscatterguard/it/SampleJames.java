package io.github.backscatterguard.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.InMemoryDNSService;
import org.apache.james.utils.GuiceProbe;

import com.google.inject.multibindings.Multibinder;

/**
 * A real James 3.8.1 memory server in the test JVM whose {@code conf/} the test writes before the
 * start: a sample's files (through {@link SampleFile}) plus the few files a sample leaves to the
 * administrator (domains, users, POP3/IMAP listeners, DNS), from this module's test resources.
 */
final class SampleJames {
    /** Files of src/test/resources copied into every test server's conf/ (never part of a sample). */
    private static final List<String> TEST_FILES =
        List.of("domainlist.xml", "usersrepository.xml", "pop3server.xml", "dnsservice.xml", "imapserver.xml");

    /** Writes the sample files of one test into {@code conf/}. */
    @FunctionalInterface
    interface ConfWriter {
        void write(Path confDirectory) throws Exception;
    }

    private SampleJames() {
    }

    /**
     * One server per test class. Its DNS answers address literals only (the gateway is 127.0.0.1, the
     * clients are loopback addresses), so nothing leaves loopback.
     */
    static JamesServerExtension perClass(ConfWriter sampleWriter) {
        InMemoryDNSService dns = new LiteralResolvingDnsService();
        return new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir -> {
                writeConf(tmpDir, sampleWriter);
                return MemoryJamesConfiguration.builder()
                    .workingDirectory(tmpDir)
                    .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
                    .build();
            })
            .server(configuration -> MemoryJamesServerMain.createServer(configuration)
                .overrideWith(binder -> binder.bind(DNSService.class).toInstance(dns))
                .overrideWith(binder -> Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(QueueSizeProbe.class)))
            .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
            .build();
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static void writeConf(File workingDirectory, ConfWriter sampleWriter) {
        Path conf = workingDirectory.toPath().resolve("conf");
        try {
            Files.createDirectories(conf);
            for (String file : TEST_FILES) {
                Files.writeString(conf.resolve(file), resource(file));
            }
            sampleWriter.write(conf);
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the James configuration", e);
        }
    }

    static String resource(String name) throws IOException {
        try (InputStream in = SampleJames.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A message template of src/test/resources with {@code ${to}} and {@code ${id}} filled in, lines ending CRLF. */
    static String message(String template, String to, String id) throws IOException {
        return resource(template).replace("${to}", to).replace("${id}", id)
            .replace("\r\n", "\n").replace("\n", "\r\n");
    }
}
