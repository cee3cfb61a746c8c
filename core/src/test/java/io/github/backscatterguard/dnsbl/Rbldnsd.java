package io.github.backscatterguard.dnsbl;

import io.github.backscatterguard.testing.TestDaemons;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real rbldnsd (Debian package rbldnsd) on a free loopback UDP port, serving zones the test
 * writes. rbldnsd drops to its own user, so the data folder is made world-readable.
 */
public final class Rbldnsd implements AutoCloseable {
    private static final String BINARY = "/usr/sbin/rbldnsd";

    private final Process process;
    private final Path dataDir;
    private final int port;

    private Rbldnsd(Process process, Path dataDir, int port) {
        this.process = process;
        this.dataDir = dataDir;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /** Skips the calling test class when the program is missing, but fails in CI (see {@link TestDaemons}). */
    public static void assumeInstalled() {
        TestDaemons.assumeInstalled(Path.of(BINARY), "rbldnsd");
    }

    /**
     * Starts rbldnsd with one dataset per entry: key {@code zone:type:file}, value the file's lines.
     */
    public static Rbldnsd start(Map<String, String> datasets) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("rbldnsd");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new ArrayList<>(List.of(BINARY, "-n", "-r", dir.toString()));
        for (Map.Entry<String, String> dataset : datasets.entrySet()) {
            String spec = dataset.getKey();
            Path file = dir.resolve(spec.substring(spec.lastIndexOf(':') + 1));
            Files.writeString(file, dataset.getValue(), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        int port = TestDaemons.freeUdpPort();
        command.add(2, "-b");
        command.add(3, "127.0.0.1/" + port);
        command.addAll(datasets.keySet());
        Process process = TestDaemons.start(new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("rbldnsd.log").toFile()));
        Rbldnsd server = new Rbldnsd(process, dir, port);
        server.awaitStarted();
        return server;
    }

    private void awaitStarted() throws IOException, InterruptedException {
        Path log = dataDir.resolve("rbldnsd.log");
        for (int i = 0; i < 200; i++) {
            if (Files.exists(log) && Files.readString(log).contains("started")) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("rbldnsd exited: " + Files.readString(log));
            }
            Thread.sleep(25);
        }
        close();
        throw new IOException("rbldnsd did not start within 5 s");
    }


    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Override
    public void close() throws IOException {
        TestDaemons.stop(process, dataDir);
    }
}
