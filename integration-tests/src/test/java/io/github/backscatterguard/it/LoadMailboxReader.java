package io.github.backscatterguard.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.utils.TestIMAPClient;

/**
 * Reads, over IMAP, what is in a user's INBOX: the number of messages, and the local part of every
 * message's Message-ID (one FETCH of that header for all messages), which is how the load test
 * recognises the mails it sent.
 */
final class LoadMailboxReader {
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*<([^@>\\s]+)@");

    private final int imapPort;
    private final String password;

    LoadMailboxReader(int imapPort, String password) {
        this.imapPort = imapPort;
        this.password = password;
    }

    long count(String user) throws IOException {
        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", imapPort).login(user, password);
            return imap.getMessageCount(TestIMAPClient.INBOX);
        }
    }

    /** The Message-ID local parts of the INBOX, one per message carrying one. */
    List<String> messageIds(String user) throws IOException {
        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", imapPort).login(user, password).select(TestIMAPClient.INBOX);
            if (imap.getMessageCount(TestIMAPClient.INBOX) == 0) {
                return List.of();
            }
            String reply = imap.sendCommand("FETCH 1:* (BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])");
            List<String> ids = new ArrayList<>();
            Matcher matcher = MESSAGE_ID.matcher(reply);
            while (matcher.find()) {
                ids.add(matcher.group(1));
            }
            return ids;
        }
    }
}
