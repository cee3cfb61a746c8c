package io.github.backscatterguard.spf;

import io.github.backscatterguard.testing.TestDaemons;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real dnsmasq (Debian package dnsmasq-base) on a free loopback port, serving the records a test
 * writes as dnsmasq configuration lines, e.g. {@code txt-record=example.test,"v=spf1 -all"},
 * {@code host-record=mail.example.test,192.0.2.25}, {@code local=/test/} (answer NXDOMAIN for any
 * other name under test). Names it has no configuration for are REFUSED: it forwards nowhere.
 * It logs every query it receives, so tests can tell whether a check reached the DNS.
 */
public final class Dnsmasq implements AutoCloseable {
    private static final String BINARY = "/usr/sbin/dnsmasq";
    private static final AtomicInteger PROBES = new AtomicInteger();
    private static final InetAddress LOCALHOST = loopback();

    private final Process process;
    private final Path dir;
    private final int port;

    private Dnsmasq(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /** Skips the calling test class when the program is missing, but fails in CI (see {@link TestDaemons}). */
    public static void assumeInstalled() {
        TestDaemons.assumeInstalled(Path.of(BINARY), "dnsmasq-base");
    }

    /** Starts dnsmasq with these configuration lines added to its loopback-only base configuration. */
    public static Dnsmasq start(List<String> configLines) throws IOException, InterruptedException {
        IOException last = null;
        // The free UDP port may be taken for TCP, on which dnsmasq listens too: then try another.
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return startOnce(configLines);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static Dnsmasq startOnce(List<String> configLines) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("dnsmasq");
        int port = TestDaemons.freeUdpPort();
        List<String> config = new ArrayList<>(List.of(
            "port=" + port,
            "listen-address=127.0.0.1",
            "bind-interfaces",
            "no-resolv",
            "no-hosts",
            "no-poll",
            "log-queries",
            "log-facility=-"));
        config.addAll(configLines);
        Path conf = dir.resolve("dnsmasq.conf");
        Files.write(conf, config, StandardCharsets.UTF_8);
        Path log = dir.resolve("dnsmasq.log");
        Process process = TestDaemons.start(new ProcessBuilder(BINARY, "--keep-in-foreground", "--conf-file=" + conf, "--pid-file=")
            .redirectErrorStream(true).redirectOutput(log.toFile()));
        Dnsmasq server = new Dnsmasq(process, dir, port);
        try {
            server.awaitStarted();
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitStarted() throws IOException, InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (!process.isAlive()) {
                throw new IOException("dnsmasq exited: " + log());
            }
            if (log().contains("started") && answersProbe()) {
                return;
            }
            Thread.sleep(25);
        }
        throw new IOException("dnsmasq did not start within 5 s: " + log());
    }

    /** Sends a query for a name of its own; true once dnsmasq answered it (any answer). */
    private boolean answersProbe() throws IOException {
        String probe = "probe-" + PROBES.incrementAndGet() + ".fixture.invalid.";
        SimpleResolver resolver = new SimpleResolver(address());
        resolver.setTimeout(Duration.ofMillis(500));
        try {
            resolver.send(Message.newQuery(Record.newRecord(Name.fromString(probe), Type.TXT, DClass.IN)));
        } catch (IOException e) {
            return false;
        }
        // dnsmasq logs in the order it receives: once the probe is logged, every earlier query is.
        for (int i = 0; i < 100; i++) {
            if (log().contains(" " + probe.substring(0, probe.length() - 1) + " ")) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** How many queries of this type (e.g. TXT, A) for this name dnsmasq has received so far. */
    public long queries(String type, String name) throws IOException {
        if (!answersProbe()) {
            throw new IOException("dnsmasq does not answer: " + log());
        }
        String needle = "query[" + type + "] " + name + " from ";
        return log().lines().filter(line -> line.contains(needle)).count();
    }

    private String log() throws IOException {
        Path log = dir.resolve("dnsmasq.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }


    public InetSocketAddress address() {
        return new InetSocketAddress(LOCALHOST, port);
    }

    /** The server as the {@code dnsServers} parameter and {@code --dns-server} option write it. */
    public String server() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        TestDaemons.stop(process, dir);
    }
}
