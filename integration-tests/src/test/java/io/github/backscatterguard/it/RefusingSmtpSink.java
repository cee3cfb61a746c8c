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
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * "The Internet" for RemoteDelivery when a test needs a permanent delivery failure: a real SMTP
 * server on 127.0.0.1 (a free port) that refuses at RCPT, with {@code 550 5.1.1}, every recipient in
 * one domain (a mailbox that does not exist out there) and accepts and records everything else.
 * {@link SmtpSink} accepts every recipient, so it cannot make James bounce.
 *
 * <p>EHLO (announcing 8BITMIME, see SmtpSink)/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; anything
 * else is answered 502. One thread per connection; {@link #close()} stops the listener and every connection.
 */
final class RefusingSmtpSink implements AutoCloseable {

    /** One accepted message: the reverse-path ("" for the null sender), the recipients, the message. */
    static final class Delivery {
        private final String sender;
        private final List<String> recipients;
        private final String message;

        Delivery(String sender, List<String> recipients, String message) {
            this.sender = sender;
            this.recipients = List.copyOf(recipients);
            this.message = message;
        }

        String sender() {
            return sender;
        }

        List<String> recipients() {
            return recipients;
        }

        String message() {
            return message;
        }

        @Override
        public String toString() {
            return "<" + sender + "> -> " + recipients;
        }
    }

    private final ServerSocket listener;
    private final String refusedDomain;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    private RefusingSmtpSink(ServerSocket listener, String refusedDomain) {
        this.listener = listener;
        this.refusedDomain = refusedDomain.toLowerCase(Locale.ROOT);
    }

    /** Starts a sink that refuses every recipient {@code ...@refusedDomain}. */
    static RefusingSmtpSink start(String refusedDomain) throws IOException {
        RefusingSmtpSink sink = new RefusingSmtpSink(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")), refusedDomain);
        Thread acceptor = new Thread(sink::acceptLoop, "refusing-smtp-sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return sink;
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Every accepted delivery so far, in arrival order. */
    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Every recipient refused so far, in order. */
    List<String> refusedRecipients() {
        return List.copyOf(refused);
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
                Thread worker = new Thread(() -> serve(connection), "refusing-smtp-sink-" + connection.getPort());
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
            reply(out, "220 refusing-sink.test ESMTP test sink");
            String sender = null;
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = readLine(in)) != null) {
                String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO":
                        reply(out, "250-refusing-sink.test\r\n250-8BITMIME\r\n250 PIPELINING");
                        break;
                    case "HELO":
                        reply(out, "250 refusing-sink.test");
                        break;
                    case "MAIL":
                        sender = pathOf(line);
                        recipients.clear();
                        reply(out, "250 2.1.0 sender ok");
                        break;
                    case "RCPT":
                        String recipient = pathOf(line);
                        if (sender == null) {
                            reply(out, "503 5.5.1 MAIL first");
                        } else if (recipient.toLowerCase(Locale.ROOT).endsWith("@" + refusedDomain)) {
                            refused.add(recipient);
                            reply(out, "550 5.1.1 <" + recipient + ">: recipient address rejected: no such mailbox");
                        } else {
                            recipients.add(recipient);
                            reply(out, "250 2.1.5 recipient ok");
                        }
                        break;
                    case "DATA":
                        if (recipients.isEmpty()) {
                            reply(out, "554 5.5.1 no valid recipients");
                            break;
                        }
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        deliveries.add(new Delivery(sender, recipients, readData(in)));
                        sender = null;
                        recipients.clear();
                        reply(out, "250 2.0.0 queued");
                        break;
                    case "RSET":
                        sender = null;
                        recipients.clear();
                        reply(out, "250 2.0.0 ok");
                        break;
                    case "NOOP":
                        reply(out, "250 2.0.0 ok");
                        break;
                    case "QUIT":
                        reply(out, "221 2.0.0 bye");
                        return;
                    default:
                        reply(out, "502 5.5.2 command not implemented");
                }
            }
        } catch (IOException e) {
            // The client went away or the sink is closing: nothing to record.
        } finally {
            connections.remove(connection);
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

    /** DATA up to the lone "." line, dot-unstuffed (RFC 5321 4.5.2), lines ending CRLF. */
    private static String readData(InputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        String line;
        while ((line = readLine(in)) != null) {
            if (line.equals(".")) {
                return message.toString(StandardCharsets.ISO_8859_1);
            }
            message.write((line.startsWith(".") ? line.substring(1) : line).getBytes(StandardCharsets.ISO_8859_1));
            message.write('\r');
            message.write('\n');
        }
        throw new IOException("connection closed inside DATA");
    }

    /** One line without its line end; bytes kept as ISO-8859-1 chars; null at end of stream. */
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
