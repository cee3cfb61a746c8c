package io.github.backscatterguard.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * "The Internet" for RemoteDelivery: a real SMTP server on 127.0.0.1 (a free port) that accepts
 * every message and records, per delivery, the client address the connection came from, the
 * HELO/EHLO name, the envelope and the message as received (dot-unstuffed).
 *
 * <p>A minimal RFC 5321 server: EHLO (announcing 8BITMIME and PIPELINING)/HELO, MAIL, RCPT, DATA,
 * RSET, NOOP, QUIT; anything else is answered 502. One thread per connection; {@link #close()} stops the listener and every connection.
 */
final class SmtpSink implements AutoCloseable {

    /** One accepted message. */
    static final class Delivery {
        private final InetAddress clientAddress;
        private final String heloName;
        private final String sender;
        private final List<String> recipients;
        private final byte[] message;

        Delivery(InetAddress clientAddress, String heloName, String sender, List<String> recipients, byte[] message) {
            this.clientAddress = clientAddress;
            this.heloName = heloName;
            this.sender = sender;
            this.recipients = List.copyOf(recipients);
            this.message = message.clone();
        }

        InetAddress clientAddress() {
            return clientAddress;
        }

        String heloName() {
            return heloName;
        }

        /** The reverse-path without brackets; empty for the null sender. */
        String sender() {
            return sender;
        }

        List<String> recipients() {
            return recipients;
        }

        byte[] message() {
            return message.clone();
        }

        String messageText() {
            return new String(message, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "from " + clientAddress.getHostAddress() + " helo=" + heloName + " <" + sender + "> -> " + recipients;
        }
    }

    private final ServerSocket listener;
    /** Recipients in this domain are refused at RCPT with 550 5.1.1 (a permanent failure); null: none. */
    private final String refusedDomain;
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private SmtpSink(ServerSocket listener, String refusedDomain) {
        this.listener = listener;
        this.refusedDomain = refusedDomain == null ? null : refusedDomain.toLowerCase(java.util.Locale.ROOT);
        this.acceptor = new Thread(this::acceptLoop, "smtp-sink-accept");
        this.acceptor.setDaemon(true);
    }

    static SmtpSink start() throws IOException {
        return start(null);
    }

    /**
     * A sink that refuses every recipient {@code ...@refusedDomain} with {@code 550 5.1.1} (a mailbox
     * that does not exist out there), so that James's RemoteDelivery fails permanently and bounces.
     */
    static SmtpSink refusing(String refusedDomain) throws IOException {
        return start(refusedDomain);
    }

    private static SmtpSink start(String refusedDomain) throws IOException {
        SmtpSink sink = new SmtpSink(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")), refusedDomain);
        sink.acceptor.start();
        return sink;
    }

    /** Every recipient refused so far, in order. */
    List<String> refusedRecipients() {
        return List.copyOf(refused);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** A snapshot of every delivery so far, in arrival order. */
    List<Delivery> deliveries() {
        return Collections.unmodifiableList(new ArrayList<>(deliveries));
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket connection : connections) {
            connection.close();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket connection = listener.accept();
                connections.add(connection);
                Thread worker = new Thread(() -> serve(connection), "smtp-sink-" + connection.getPort());
                worker.setDaemon(true);
                worker.start();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                throw new IllegalStateException("SMTP sink cannot accept", e);
            }
        }
    }

    private void serve(Socket connection) {
        try (connection; InputStream in = new BufferedInputStream(connection.getInputStream()); OutputStream out = connection.getOutputStream()) {
            connection.setSoTimeout(60_000);
            Session session = new Session(connection.getInetAddress());
            reply(out, "220 sink.test ESMTP test sink");
            String line;
            while ((line = readLine(in)) != null) {
                if (!session.handle(line, in, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client went away or the sink is closing: nothing to record.
        } finally {
            connections.remove(connection);
        }
    }

    /** The state of one SMTP connection. */
    private final class Session {
        private final InetAddress clientAddress;
        private String heloName;
        private String sender;
        private final List<String> recipients = new ArrayList<>();

        Session(InetAddress clientAddress) {
            this.clientAddress = clientAddress;
        }

        /** @return false when the connection is to be closed */
        boolean handle(String line, InputStream in, OutputStream out) throws IOException {
            String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
            switch (verb) {
                case "EHLO":
                    heloName = line.substring(4).trim();
                    // 8BITMIME as every common MTA offers it. Without it James 3.8.1's RemoteDelivery converts 8bit
                    // mail to 7bit and empties any multipart whose top-level Content-Transfer-Encoding is 8bit
                    // (Postfix writes that on its bounces): the message arrives with headers only.
                    reply(out, "250-sink.test\r\n250-8BITMIME\r\n250 PIPELINING");
                    return true;
                case "HELO":
                    heloName = line.substring(4).trim();
                    reply(out, "250 sink.test");
                    return true;
                case "MAIL":
                    reset();
                    sender = pathOf(line);
                    reply(out, "250 2.1.0 sender ok");
                    return true;
                case "RCPT":
                    if (sender == null) {
                        reply(out, "503 5.5.1 MAIL first");
                        return true;
                    }
                    String recipient = pathOf(line);
                    if (refusedDomain != null && recipient.toLowerCase(java.util.Locale.ROOT).endsWith("@" + refusedDomain)) {
                        refused.add(recipient);
                        reply(out, "550 5.1.1 <" + recipient + ">: no such mailbox");
                        return true;
                    }
                    recipients.add(recipient);
                    reply(out, "250 2.1.5 recipient ok");
                    return true;
                case "DATA":
                    if (recipients.isEmpty()) {
                        reply(out, "503 5.5.1 RCPT first");
                        return true;
                    }
                    reply(out, "354 end with <CRLF>.<CRLF>");
                    byte[] message = readData(in);
                    deliveries.add(new Delivery(clientAddress, heloName, sender, recipients, message));
                    reset();
                    reply(out, "250 2.0.0 queued");
                    return true;
                case "RSET":
                    reset();
                    reply(out, "250 2.0.0 ok");
                    return true;
                case "NOOP":
                    reply(out, "250 2.0.0 ok");
                    return true;
                case "QUIT":
                    reply(out, "221 2.0.0 bye");
                    return false;
                default:
                    reply(out, "502 5.5.2 command not implemented");
                    return true;
            }
        }

        private void reset() {
            sender = null;
            recipients.clear();
        }
    }

    /** "MAIL FROM:<a@b> SIZE=1" -> "a@b"; "MAIL FROM:<>" -> "". */
    private static String pathOf(String line) {
        int open = line.indexOf('<');
        int close = line.indexOf('>', open + 1);
        if (open < 0 || close < 0) {
            return line.substring(line.indexOf(':') + 1).trim();
        }
        return line.substring(open + 1, close);
    }

    /** Reads DATA up to the lone "." line, undoing dot-stuffing (RFC 5321 4.5.2); lines keep their CRLF. */
    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        String line;
        while ((line = readLine(in)) != null) {
            if (line.equals(".")) {
                return message.toByteArray();
            }
            String unstuffed = line.startsWith(".") ? line.substring(1) : line;
            message.write(unstuffed.getBytes(StandardCharsets.ISO_8859_1));
            message.write('\r');
            message.write('\n');
        }
        throw new IOException("connection closed inside DATA");
    }

    /** One line without its CRLF (a bare LF also ends a line); bytes kept as ISO-8859-1 chars; null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int last = line.length() - 1;
                if (last >= 0 && line.charAt(last) == '\r') {
                    line.setLength(last);
                }
                return line.toString();
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
