package io.github.backscatterguard.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the fixtures that run a real Debian program (rbldnsd, dnsmasq, exim) share: the "installed?"
 * rule, a free loopback UDP port, and stopping the process and removing its folder.
 */
public final class TestDaemons {
    /** Daemons still running, stopped when the JVM exits: a test that fails between start and close leaks none. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "test-daemons-stop"));
    }

    private TestDaemons() {
    }

    /** Starts a daemon that {@link #stop} stops, or the JVM's exit if no test got that far. */
    public static Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        RUNNING.add(process);
        return process;
    }

    /**
     * Skips the calling test class when {@code binary} is missing on a developer's machine, but fails
     * in CI (CI=true), where .ci/run installs {@code debianPackage}: a skipped suite must never pass unnoticed.
     */
    public static void assumeInstalled(Path binary, String debianPackage) {
        if (Files.isExecutable(binary)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(binary + " is missing; .ci/run installs the Debian package " + debianPackage);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(false, binary + " is not installed (apt-get install " + debianPackage + "); skipping");
    }

    /** A UDP port on 127.0.0.1 that was free a moment ago. */
    public static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            return socket.getLocalPort();
        }
    }

    /** Stops {@code process} (forcibly after 5 s) and deletes the files of {@code dir}, then the folder. */
    public static void stop(Process process, Path dir) throws IOException {
        RUNNING.remove(process);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir);
    }
}
