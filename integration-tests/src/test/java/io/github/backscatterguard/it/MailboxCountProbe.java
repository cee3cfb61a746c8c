package io.github.backscatterguard.it;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.utils.GuiceProbe;

/**
 * Counts the messages in users' INBOXes inside the server, without IMAP: cheap enough to poll every
 * few milliseconds while a benchmark waits for its mails to be delivered.
 */
public class MailboxCountProbe implements GuiceProbe {
    private final MailboxManager mailboxManager;

    @Inject
    public MailboxCountProbe(MailboxManager mailboxManager) {
        this.mailboxManager = mailboxManager;
    }

    /** Messages in the INBOX of every user named; a user without INBOX yet (nothing delivered) counts 0. */
    public long inboxMessages(Iterable<String> users) throws MailboxException {
        long total = 0;
        for (String user : users) {
            MailboxSession session = mailboxManager.createSystemSession(Username.of(user));
            try {
                total += mailboxManager.getMailbox(MailboxPath.inbox(session), session).getMessageCount(session);
            } catch (MailboxNotFoundException nothingDeliveredYet) {
                // LocalDelivery creates the INBOX with the first message.
            } finally {
                mailboxManager.endProcessingRequest(session);
            }
        }
        return total;
    }
}
