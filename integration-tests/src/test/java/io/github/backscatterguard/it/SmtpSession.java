package io.github.backscatterguard.it;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPReply;

/**
 * An SMTP client connection to James from a chosen loopback source address (127.0.0.66 plays a
 * listed IP, 127.0.0.1 the relaying network...), sending several transactions on one connection.
 */
final class SmtpSession implements AutoCloseable {
    private final SMTPClient client = new SMTPClient();
    private final List<String> replies = new ArrayList<>();

    private SmtpSession() {
    }

    static SmtpSession open(int port, InetAddress source) throws IOException {
        SmtpSession session = new SmtpSession();
        session.client.setDefaultTimeout(30_000);
        session.client.connect(InetAddress.getByName("127.0.0.1"), port, source, 0);
        session.client.setSoTimeout(30_000);
        // Without it Nagle's algorithm holds the small last segment of a command or of DATA until the server's
        // delayed ACK (up to 40 ms on Linux), which, not the server, then bounds the rate of a client.
        session.client.setTcpNoDelay(true);
        if (!SMTPReply.isPositiveCompletion(session.client.helo("client.test"))) {
            throw new IOException("HELO refused: " + session.client.getReplyString());
        }
        return session;
    }

    /**
     * One transaction; returns the reply code of each RCPT, then that of the end of DATA if any
     * recipient was accepted.
     */
    List<Integer> send(String sender, String message, String... recipients) throws IOException {
        List<Integer> codes = new ArrayList<>();
        if (!client.setSender(sender)) {
            throw new IOException("MAIL FROM:<" + sender + "> refused: " + client.getReplyString());
        }
        boolean anyAccepted = false;
        for (String recipient : recipients) {
            anyAccepted |= client.addRecipient(recipient);
            codes.add(client.getReplyCode());
            replies.add(client.getReplyString().trim());
        }
        if (anyAccepted) {
            client.sendShortMessageData(message);
            codes.add(client.getReplyCode());
            replies.add(client.getReplyString().trim());
        } else {
            client.reset();
        }
        return codes;
    }

    /** The reply texts of every RCPT and DATA so far, in order. */
    List<String> replies() {
        return List.copyOf(replies);
    }

    @Override
    public void close() throws IOException {
        try {
            client.logout();
        } finally {
            client.disconnect();
        }
    }
}
