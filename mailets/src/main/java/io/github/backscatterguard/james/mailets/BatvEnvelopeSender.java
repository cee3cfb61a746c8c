package io.github.backscatterguard.james.mailets;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;

/**
 * Sets a mail's envelope sender. The mailet API has no setter for it (up to James 3.9), so this
 * uses James's own mail class, {@link MailImpl}, as James's redirect mailets do; every mail in
 * James's mailet container is one.
 */
final class BatvEnvelopeSender {
    private BatvEnvelopeSender() {
    }

    /** @return false when the mail is of another class, whose sender cannot be changed */
    static boolean replace(Mail mail, MailAddress sender) {
        if (mail instanceof MailImpl) {
            ((MailImpl) mail).setSender(sender);
            return true;
        }
        return false;
    }
}
