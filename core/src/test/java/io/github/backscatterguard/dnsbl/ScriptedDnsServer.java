package io.github.backscatterguard.dnsbl;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A DNS server on 127.0.0.1 (one free port, UDP and TCP) whose every answer the test scripts, per
 * zone: a good DNSBL answer, or one of the faults a real resolver path can show (no answer,
 * SERVFAIL, REFUSED, a truncated UDP answer with or without a TCP answer behind it, garbage, a
 * wrong message ID, a header cut short). Questions are parsed with dnsjava; answers carry TTL 0,
 * so nothing the test sends is hidden by a cache for longer than the checker's own error period.
 * A question for a zone with no script is answered REFUSED.
 */
public final class ScriptedDnsServer implements AutoCloseable {

    /** What the UDP side sends back. */
    public enum UdpReply {
        /** The scripted answer (A and TXT for listed names, NXDOMAIN for others). */
        ANSWER,
        /** Nothing at all: the query is dropped. */
        NOTHING,
        SERVFAIL,
        REFUSED,
        /** An empty answer with the TC bit set: the resolver is to ask again over TCP. */
        TRUNCATED,
        /** The query's ID, then bytes no DNS parser accepts. */
        GARBAGE,
        /** The scripted answer under another message ID (a stale or spoofed packet). */
        WRONG_ID,
        /** Five bytes: less than a DNS header. */
        SHORT_HEADER
    }

    /** What the TCP side does with a query. */
    public enum TcpReply {
        ANSWER,
        /** Reads the query and never answers; the connection stays open. */
        NOTHING
    }

    /** How one zone answers. Immutable; build with {@link #answer} or {@link #udp} and the withers. */
    public static final class Script {
        private final UdpReply udp;
        private final TcpReply tcp;
        private final String address;
        private final String txt;
        private final Set<String> listed;

        private Script(UdpReply udp, TcpReply tcp, String address, String txt, Set<String> listed) {
            this.udp = udp;
            this.tcp = tcp;
            this.address = address;
            this.txt = txt;
            this.listed = listed;
        }

        /** Every name of the zone answers A {@code address} (and no TXT) over UDP and TCP. */
        public static Script answer(String address) {
            return new Script(UdpReply.ANSWER, TcpReply.ANSWER, address, null, Set.of());
        }

        /** The UDP side answers {@code reply}; with an answer of 127.0.0.2 where one is sent. */
        public static Script udp(UdpReply reply) {
            return new Script(reply, TcpReply.ANSWER, "127.0.0.2", null, Set.of());
        }

        public Script withUdp(UdpReply reply) {
            return new Script(reply, tcp, address, txt, listed);
        }

        public Script withTcp(TcpReply reply) {
            return new Script(udp, reply, address, txt, listed);
        }

        /** The TXT string of listed names. */
        public Script withTxt(String text) {
            return new Script(udp, tcp, address, text, listed);
        }

        /** Only these IPv4 addresses are listed; other names answer NXDOMAIN. Default: every name. */
        public Script listing(String... ips) {
            return new Script(udp, tcp, address, txt, Set.copyOf(Arrays.asList(ips)));
        }
    }

    private final DatagramSocket udpSocket;
    private final ServerSocket tcpSocket;
    private final Map<Name, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> udpQueries = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> tcpQueries = new ConcurrentHashMap<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ScriptedDnsServer(DatagramSocket udpSocket, ServerSocket tcpSocket) {
        this.udpSocket = udpSocket;
        this.tcpSocket = tcpSocket;
    }

    /** Starts the server on 127.0.0.1, the same free port for UDP and TCP (as a resolver expects). */
    public static ScriptedDnsServer start() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; ; attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 50, loopback);
                ScriptedDnsServer server = new ScriptedDnsServer(udp, tcp);
                server.startThreads();
                return server;
            } catch (BindException taken) {
                udp.close();
                if (attempt == 20) {
                    throw taken;
                }
            }
        }
    }

    /**
     * An address where no DNS server listens (a UDP port just released): the "resolver
     * unreachable" case. The kernel answers a query there with ICMP port unreachable.
     */
    public static InetSocketAddress unreachableAddress() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            return new InetSocketAddress(socket.getLocalAddress(), socket.getLocalPort());
        }
    }

    /** Scripts the answers for {@code zone} and every name below it; replaces an earlier script. */
    public ScriptedDnsServer script(String zone, Script script) {
        scripts.put(name(zone), Objects.requireNonNull(script, "script"));
        return this;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(udpSocket.getLocalAddress(), udpSocket.getLocalPort());
    }

    /** {@code 127.0.0.1:PORT}, as the hooks' and matchers' {@code dnsServers} parameter takes it. */
    public String hostAndPort() {
        return "127.0.0.1:" + udpSocket.getLocalPort();
    }

    /** How many questions for names in {@code zone} came over UDP. */
    public int udpQueries(String zone) {
        return count(udpQueries, zone);
    }

    /** How many questions for names in {@code zone} came over TCP. */
    public int tcpQueries(String zone) {
        return count(tcpQueries, zone);
    }

    private static int count(Map<String, AtomicInteger> counts, String zone) {
        AtomicInteger count = counts.get(zone.toLowerCase(Locale.ROOT));
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        udpSocket.close();
        tcpSocket.close();
        for (Socket connection : connections) {
            connection.close();
        }
    }

    private void startThreads() {
        Thread udp = new Thread(this::serveUdp, "scripted-dns-udp-" + udpSocket.getLocalPort());
        udp.setDaemon(true);
        udp.start();
        Thread tcp = new Thread(this::acceptTcp, "scripted-dns-tcp-" + udpSocket.getLocalPort());
        tcp.setDaemon(true);
        tcp.start();
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udpSocket.receive(packet);
            } catch (IOException e) {
                return; // closed
            }
            Optional<byte[]> reply = udpReply(Arrays.copyOf(packet.getData(), packet.getLength()));
            if (reply.isPresent()) {
                try {
                    udpSocket.send(new DatagramPacket(reply.get(), reply.get().length, packet.getSocketAddress()));
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                }
            }
        }
    }

    private Optional<byte[]> udpReply(byte[] wire) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
        Record question = query.getQuestion();
        if (question == null) {
            return Optional.empty();
        }
        Optional<Map.Entry<Name, Script>> scripted = scriptFor(question.getName());
        if (scripted.isEmpty()) {
            return Optional.of(rcode(query, Rcode.REFUSED).toWire());
        }
        countIn(udpQueries, scripted.get().getKey());
        Script script = scripted.get().getValue();
        int id = query.getHeader().getID();
        switch (script.udp) {
            case ANSWER:
                return Optional.of(answer(query, scripted.get().getKey(), script).toWire());
            case NOTHING:
                return Optional.empty();
            case SERVFAIL:
                return Optional.of(rcode(query, Rcode.SERVFAIL).toWire());
            case REFUSED:
                return Optional.of(rcode(query, Rcode.REFUSED).toWire());
            case TRUNCATED:
                Message truncated = rcode(query, Rcode.NOERROR);
                truncated.getHeader().setFlag(Flags.TC);
                return Optional.of(truncated.toWire());
            case GARBAGE:
                // ID and flags of a response, one question and five answers announced, then noise.
                byte[] garbage = new byte[64];
                Arrays.fill(garbage, (byte) 0xC3);
                byte[] head = {(byte) (id >> 8), (byte) id, (byte) 0x81, (byte) 0x80, 0, 1, 0, 5, 0, 0, 0, 0};
                System.arraycopy(head, 0, garbage, 0, head.length);
                return Optional.of(garbage);
            case WRONG_ID:
                Message stray = answer(query, scripted.get().getKey(), script);
                stray.getHeader().setID((id + 1) & 0xffff);
                return Optional.of(stray.toWire());
            case SHORT_HEADER:
                return Optional.of(new byte[] {(byte) (id >> 8), (byte) id, (byte) 0x81, (byte) 0x80, 0});
            default:
                throw new IllegalStateException(script.udp.toString());
        }
    }

    private void acceptTcp() {
        while (!closed) {
            Socket connection;
            try {
                connection = tcpSocket.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.add(connection);
            Thread worker = new Thread(() -> serveTcp(connection), "scripted-dns-tcp-connection");
            worker.setDaemon(true);
            worker.start();
        }
    }

    /** RFC 1035 4.2.2: each message is preceded by its two-byte length. */
    private void serveTcp(Socket connection) {
        try (connection; DataInputStream in = new DataInputStream(connection.getInputStream());
             DataOutputStream out = new DataOutputStream(connection.getOutputStream())) {
            while (!closed) {
                byte[] wire = new byte[in.readUnsignedShort()];
                in.readFully(wire);
                Message query = new Message(wire);
                Record question = query.getQuestion();
                Optional<Map.Entry<Name, Script>> scripted = question == null ? Optional.empty() : scriptFor(question.getName());
                Message reply;
                if (scripted.isEmpty()) {
                    reply = rcode(query, Rcode.REFUSED);
                } else {
                    countIn(tcpQueries, scripted.get().getKey());
                    if (scripted.get().getValue().tcp == TcpReply.NOTHING) {
                        continue;
                    }
                    reply = answer(query, scripted.get().getKey(), scripted.get().getValue());
                }
                byte[] bytes = reply.toWire();
                out.writeShort(bytes.length);
                out.write(bytes);
                out.flush();
            }
        } catch (EOFException | SocketException gone) {
            // The client hung up or the server is closing.
        } catch (IOException e) {
            // An unreadable query: drop the connection, as a server would.
        } finally {
            connections.remove(connection);
        }
    }

    private Optional<Map.Entry<Name, Script>> scriptFor(Name name) {
        return scripts.entrySet().stream().filter(entry -> name.subdomain(entry.getKey())).findFirst();
    }

    private static void countIn(Map<String, AtomicInteger> counts, Name zone) {
        counts.computeIfAbsent(zone.toString(true).toLowerCase(Locale.ROOT), key -> new AtomicInteger()).incrementAndGet();
    }

    private static Message rcode(Message query, int rcode) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            reply.getHeader().setFlag(Flags.RD);
        }
        reply.getHeader().setRcode(rcode);
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        return reply;
    }

    private static Message answer(Message query, Name zone, Script script) {
        Record question = query.getQuestion();
        Name name = question.getName();
        if (!isListed(name, zone, script)) {
            return rcode(query, Rcode.NXDOMAIN);
        }
        Message reply = rcode(query, Rcode.NOERROR);
        try {
            if (question.getType() == Type.A) {
                reply.addRecord(new ARecord(name, DClass.IN, 0, InetAddress.getByName(script.address)), Section.ANSWER);
            } else if (question.getType() == Type.TXT && script.txt != null) {
                reply.addRecord(new TXTRecord(name, DClass.IN, 0, chunks(script.txt)), Section.ANSWER);
            }
        } catch (IOException e) {
            throw new IllegalStateException("bad scripted address " + script.address, e);
        }
        return reply;
    }

    /** A TXT record holds strings of at most 255 bytes; a longer text is split, as zone files do. */
    private static List<String> chunks(String text) {
        List<String> chunks = new ArrayList<>();
        for (int start = 0; start < text.length(); start += 200) {
            chunks.add(text.substring(start, Math.min(text.length(), start + 200)));
        }
        return chunks;
    }

    /** "66.0.0.127.zone." is listed when 127.0.0.66 is in the script's listing (or the listing is empty). */
    private static boolean isListed(Name name, Name zone, Script script) {
        if (script.listed.isEmpty()) {
            return true;
        }
        int labels = name.labels() - zone.labels();
        if (labels != 4) {
            return false;
        }
        String[] octets = new String[4];
        for (int i = 0; i < 4; i++) {
            octets[3 - i] = name.getLabelString(i);
        }
        return script.listed.contains(String.join(".", octets));
    }

    private static Name name(String zone) {
        try {
            return Name.fromString(zone, Name.root);
        } catch (IOException e) {
            throw new IllegalArgumentException("bad zone name " + zone, e);
        }
    }
}
