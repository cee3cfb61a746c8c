package io.github.backscatterguard.ndr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The table of fixed phrases the recognisers look for, each with the {@link Cue} it gives and, for
 * MTA templates, the MTA family. The phrases are the invariant template sentences each MTA emits
 * (from its source and documentation, as catalogued by Sisimai's Lhost modules) and the standard
 * vocabulary of notification subjects in several languages - never the words, hosts or addresses of
 * one sample. All phrases are normalised like {@link SearchText} output: lower case, single spaces.
 */
final class PhraseBook {
    /** One phrase of the table. */
    static final class Phrase {
        final String text;
        final Cue cue;
        final String family;

        Phrase(String text, Cue cue, String family) {
            this.text = text;
            this.cue = cue;
            this.family = family;
        }
    }

    /** What a scan found: the cues, the MTA families, and whether each cue was seen. */
    static final class Findings {
        final Set<Cue> cues = EnumSet.noneOf(Cue.class);
        final Set<String> families = new LinkedHashSet<>();

        boolean has(Cue cue) {
            return cues.contains(cue);
        }
    }

    private final List<Phrase> phrases;
    private final PhraseMatcher matcher;

    private PhraseBook(List<Phrase> phrases) {
        this.phrases = Collections.unmodifiableList(phrases);
        List<String> texts = new ArrayList<>(phrases.size());
        for (Phrase phrase : phrases) {
            texts.add(phrase.text);
        }
        this.matcher = new PhraseMatcher(texts);
    }

    /** Scans normalised text [from, to) and adds what it finds to {@code findings}. */
    void scan(CharSequence normalisedText, int from, int to, Findings findings) {
        Scan scan = startScan();
        for (int i = from; i < to; i++) {
            scan.accept(normalisedText.charAt(i));
        }
        scan.finishInto(findings);
    }

    /** Starts a streaming scan: feed it normalised chars, then collect the findings. */
    Scan startScan() {
        return new Scan();
    }

    /** A streaming scan over normalised text (see {@link SearchText}). */
    final class Scan implements SearchText.Sink {
        private final boolean[] seen = new boolean[phrases.size()];
        private final PhraseMatcher.Run run = matcher.new Run(seen);
        private int count;
        private boolean lastWasSpace = true;

        @Override
        public void accept(char c) {
            run.feed(c);
            count++;
            lastWasSpace = c == ' ';
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public boolean lastWasSpace() {
            return lastWasSpace;
        }

        void finishInto(Findings findings) {
            collect(seen, findings);
        }
    }

    private void collect(boolean[] seen, Findings findings) {
        for (int i = 0; i < seen.length; i++) {
            if (seen[i]) {
                Phrase phrase = phrases.get(i);
                findings.cues.add(phrase.cue);
                if (phrase.family != null) {
                    findings.families.add(phrase.family);
                }
            }
        }
    }

    // ------------------------------------------------------------------ the tables

    static final PhraseBook BODY = new PhraseBook(bodyPhrases());
    static final PhraseBook SUBJECT = new PhraseBook(subjectPhrases());

    private static List<Phrase> bodyPhrases() {
        Table t = new Table();
        t.family("postfix")
            .add(Cue.MTA_BANNER, "this is the mail system at host", "this is the postfix program at host")
            .add(Cue.FAILURE_TEMPLATE, "i'm sorry to have to inform you that your message could not",
                "could not be delivered to one or more recipients. it's attached below")
            .add(Cue.DELAY_TEMPLATE, "this is a warning only. you do not need to resend your message",
                "it will be retried until it is")
            .add(Cue.SUCCESS_TEMPLATE, "your message was successfully delivered to the destination");
        t.family("exim")
            .add(Cue.MTA_BANNER, "this message was created automatically by mail delivery software")
            .add(Cue.FAILURE_TEMPLATE, "a message that you sent could not be delivered to one or more of its",
                "the following address(es) failed", "the following address failed",
                "this is a permanent error. the following address",
                "a message that you sent contained one or more recipient addresses that were incorrectly constructed")
            .add(Cue.DELAY_TEMPLATE, "a message that you sent has not yet been delivered to one or more of its",
                "no action is required on your part. delivery attempts will continue")
            .add(Cue.RETURNED_MESSAGE, "this is a copy of the message, including all the headers",
                "this is a copy of your message, including all the headers");
        t.family("sendmail")
            .add(Cue.MTA_BANNER, "transcript of session follows", "the original message was received at")
            .add(Cue.FAILURE_TEMPLATE, "the following addresses had permanent fatal errors",
                "----- message could not be delivered", "message could not be delivered for",
                "the following addresses had delivery errors")
            .add(Cue.DELAY_TEMPLATE, "this is a warning message only", "the following addresses had transient non-fatal errors",
                "will keep trying until message is", "warning: message still undelivered after")
            .add(Cue.RETURNED_MESSAGE, "----- original message follows -----", "----- unsent message follows -----",
                "----- message header follows -----");
        t.family("qmail")
            .add(Cue.MTA_BANNER, "this is the qmail-send program at")
            .add(Cue.FAILURE_TEMPLATE, "i'm afraid i wasn't able to deliver your message to the following addresses",
                "this is a permanent error; i've given up", "i'm not going to try again; this message has been in the queue too long")
            .add(Cue.RETURNED_MESSAGE, "--- below this line is a copy of the message", "--- enclosed are the original headers of the message");
        t.family("james")
            .add(Cue.MTA_BANNER, "this is the james mail server at")
            .add(Cue.FAILURE_TEMPLATE, "error message below:");
        t.family("gmail")
            .add(Cue.MTA_BANNER, "this is an automatically generated delivery status notification")
            .add(Cue.FAILURE_TEMPLATE, "delivery to the following recipient failed permanently",
                "delivery to the following recipients failed permanently",
                "the email account that you tried to reach does not exist",
                "the email account that you tried to reach is disabled",
                "your message wasn't delivered to", "your message was not delivered to",
                "tried to deliver your message, but it was rejected by the",
                "the group you tried to contact", "the recipient server did not accept our requests")
            .add(Cue.DELAY_TEMPLATE, "delivery to the following recipient has been delayed",
                "delivery to the following recipients has been delayed",
                "there was a temporary problem delivering your message to", "will retry for", "delivery incomplete");
        t.family("exchange")
            .add(Cue.MTA_BANNER, "diagnostic information for administrators")
            .add(Cue.FAILURE_TEMPLATE, "delivery has failed to these recipients or groups",
                "delivery has failed to these recipients or distribution lists",
                "your message did not reach some or all of the intended recipients",
                "the following recipient(s) could not be reached", "the following recipient(s) cannot be reached",
                "did not reach the following recipient(s)", "your message couldn't be delivered",
                "address you entered couldn't be found", "message wasn't delivered because",
                "delivery to the following recipients failed", "unable to deliver the message to the following recipients",
                "couldn't deliver the message to the following recipients", "had permanent fatal delivery errors")
            .add(Cue.DELAY_TEMPLATE, "delivery is delayed to these recipients or groups", "this message hasn't been delivered yet",
                "delivery to the following recipients has been delayed", "the server will keep trying to deliver this message")
            .add(Cue.SUCCESS_TEMPLATE, "delivery to these recipients or groups is complete",
                "your message has been delivered to the following recipients",
                "delivery to the following recipients succeeded", "delivery to the following recipients was complete")
            .add(Cue.RETURNED_MESSAGE, "original message headers");
        t.family("domino")
            .add(Cue.FAILURE_TEMPLATE, "was not delivered to:", "------- failure reasons", "not listed in domino directory",
                "not listed in public name & address book");
        t.family("courier")
            .add(Cue.MTA_BANNER, "running the courier mail server", "this is a delivery status notification from")
            .add(Cue.FAILURE_TEMPLATE, "your message to the following recipients cannot be delivered");
        t.family("yahoo")
            .add(Cue.FAILURE_TEMPLATE, "sorry, we were unable to deliver your message to the following address",
                "unable to deliver message to the following address");
        t.family("amazonses")
            .add(Cue.FAILURE_TEMPLATE, "an error occurred while trying to deliver the mail to the following recipients",
                "the reason for the problem:", "\"notificationtype\":\"bounce\"", "\"notificationtype\": \"bounce\"",
                "\"notificationtype\" : \"bounce\"", "\\\"notificationtype\\\":\\\"bounce\\\"");
        t.family("opensmtpd")
            .add(Cue.MTA_BANNER, "this is the mailer-daemon at")
            .add(Cue.FAILURE_TEMPLATE, "an error has occurred while attempting to deliver a message for the following list of recipients")
            .add(Cue.DELAY_TEMPLATE, "delivery of your message has been delayed", "not yet been delivered to the following")
            .add(Cue.RETURNED_MESSAGE, "below is a copy of the original message");
        t.family("messagingserver")
            .add(Cue.MTA_BANNER, "this report relates to a message you sent with the following header fields")
            .add(Cue.FAILURE_TEMPLATE, "your message cannot be delivered to the following recipients")
            .add(Cue.DELAY_TEMPLATE, "your message has not yet been delivered to the following recipients");
        t.family("mcafee")
            .add(Cue.FAILURE_TEMPLATE, "the following addresses had delivery problems", "the following addresses had permanent errors");
        t.family("mailfoundry")
            .add(Cue.FAILURE_TEMPLATE, "unable to deliver message to:", "delivery failed for the following reason");
        t.family("imail")
            .add(Cue.MTA_BANNER, "body of message generated response");
        t.family("amavis")
            .add(Cue.FAILURE_TEMPLATE, "this nondelivery report was generated by the program amavisd-new");
        t.family("kddi")
            .add(Cue.FAILURE_TEMPLATE, "your mail sent on:", "could not be delivered to:");
        t.family("x6")
            .add(Cue.FAILURE_TEMPLATE, "we had trouble delivering your message", "the following recipients returned permanent errors");
        t.family("smail")
            .add(Cue.FAILURE_TEMPLATE, "failed addresses follow:")
            .add(Cue.RETURNED_MESSAGE, "message text follows:");
        t.family(null)
            .add(Cue.FAILURE_TEMPLATE, "could not be delivered to the following recipient", "permanent fatal errors",
                "the following message could not be delivered", "message could not be delivered to the following",
                "the following recipients could not be reached", "following address(es) failed",
                "delivery to the following recipient failed", "delivery failed for the following recipient",
                "was undeliverable due to the following reason", "the message was not delivered to:")
            .add(Cue.FAILURE_WORDS, "could not be delivered", "couldn't be delivered", "cannot be delivered",
                "can't be delivered", "was not delivered", "wasn't delivered", "not be delivered", "undeliverable", "undelivered",
                "delivery failed", "delivery failure", "delivery has failed", "permanent error", "permanent failure",
                "failed permanently", "user unknown", "unknown user", "no such user", "mailbox unavailable",
                "mailbox not found", "mailbox is full", "over quota", "address rejected", "recipient rejected",
                "does not exist", "unrouteable address", "host unknown", "relay access denied", "returned mail",
                "unable to deliver", "could not deliver", "rejected by the recipient", "message rejected",
                "recipient address rejected", "unknown recipient", "invalid recipient", "unable to find user",
                "user not found", "not a valid user", "invalid address", "no such mailbox", "mailbox does not exist",
                "recipient not found", "address not found", "nicht zugestellt",
                "unzustellbar", "non recapitabile", "non remis", "onbestelbaar")
            .add(Cue.RETURNED_MESSAGE, "original message follows", "below this line is a copy of the message",
                "unsent message follows", "returned message", "a copy of the original message", "message headers follow",
                "the text of your message was", "this is a copy of the message", "original message was:",
                "included below is the original message", "rejected message follows", "undelivered message follows")
            .add(Cue.DELAY_TEMPLATE, "will continue to try to deliver", "will be retried", "still trying to deliver",
                "delivery attempts will continue", "has not yet been delivered", "this is a warning message only",
                "do not need to resend your message")
            .add(Cue.AUTO_REPLY, "out of the office", "out of office", "on vacation", "i am away", "i'm away",
                "i will be away", "i am currently away", "away from the office", "away from my desk",
                "limited access to e-mail", "limited access to email", "when i return", "upon my return",
                "will respond to your", "will get back to you", "automatic reply", "automated reply",
                "auto-reply", "autoreply", "this is an automatic reply", "this is an automated response",
                "thank you for your e-mail", "thank you for your email", "thank you for your message",
                "thanks for your email", "thanks for your message", "we have received your", "i am out of",
                "abwesenheit", "nicht im büro", "je suis absent", "fuera de la oficina")
            .add(Cue.CHALLENGE, "please confirm your message", "confirm that you are a human", "verify that you are a human",
                "verify that you are a real person", "confirm that you are a real person", "to have your address added to",
                "allowed list", "approved senders", "whitelist", "white list", "challenge-response", "challenge/response",
                "sender verification", "awaiting verification", "pending verification", "is protected by",
                "ensure delivery of your email", "spam arrest", "your message is being held", "verify your email address",
                "click the link below to confirm", "click on the link below to confirm", "one-time verification",
                "prove that you are a person", "i use a spam", "anti-spam protection")
            .add(Cue.READ_RECEIPT, "was read on", "was displayed on the recipient's computer", "your message was read",
                "was deleted without being read", "this is a receipt for the mail you sent");
        return t.phrases;
    }

    private static List<Phrase> subjectPhrases() {
        Table t = new Table();
        t.family(null)
            .add(Cue.FAILURE_SUBJECT, "undeliverable", "undelivered mail", "returned mail", "mail delivery failed",
                "delivery status notification (failure)", "delivery failure", "delivery failed", "failure notice",
                "failure delivery", "failed delivery", "mail delivery failure", "message delivery failure",
                "delivery has failed", "nondeliverable", "non-deliverable", "non deliverable", "not delivered",
                "could not be delivered", "couldn't be delivered", "cannot be delivered", "mail system error",
                "returned to sender", "delivery problem", "postmaster notify", "permanent delivery failure",
                "unable to deliver", "bounced mail", "rejected:", "mail failure", "delivery report", "message you sent",
                "there was an error sending your mail", "sorry, your message", "delivery status notification",
                "unzustellbar", "nicht zustellbar", "zustellung fehlgeschlagen", "unzustellbare", "non remis",
                "non distribuable", "échec de la remise", "echec de la remise", "non recapitabile",
                "impossibile recapitare", "no se puede entregar", "no entregado", "não entregue", "nao entregue",
                "onbestelbaar", "niet bezorgd", "olevererbart", "kan ikke leveres", "ikke levert", "kunne ikke leveres",
                "nie można dostarczyć", "niedostarczalna", "nedoručitelné", "nedoručitelná", "kézbesíthetetlen",
                "teslim edilemedi", "недоставлено", "не доставлено", "未送达", "无法投递", "退信", "配信不能",
                "配送不能", "配信エラー", "送信エラー", "配信できません", "送信できません", "届きません",
                "postfix smtp server: errors from", "전달되지 않음", "mail could not be delivered")
            .add(Cue.DELAY_SUBJECT, "delayed mail", "delivery delayed", "delivery status notification (delay)",
                "warning: could not send message for past", "could not send mail for past",
                "could not send message for past", "still being retried", "mail delivery delayed",
                "message delayed", "delivery has been delayed", "delivery is delayed", "delayed:", "delayed delivery",
                "delivery delay", "verzögert", "retardée", "retardé", "in ritardo", "retrasad")
            .add(Cue.SUCCESS_SUBJECT, "delivered:", "relayed:", "delivery status notification (success)",
                "successful mail delivery", "delivery receipt", "successfully delivered", "relay notification",
                "zugestellt:", "remis :", "entregado:")
            .add(Cue.AUTO_REPLY, "out of office", "out of the office", "automatic reply", "auto reply", "auto-reply",
                "autoreply", "automatic response", "automated response", "auto response", "auto-response", "autoresponse",
                "on vacation", "vacation", "away from", "abwesenheit", "abwesend", "automatische antwort",
                "réponse automatique", "reponse automatique", "absence", "respuesta automática", "respuesta automatica",
                "fuera de la oficina", "risposta automatica", "automatisch antwoord", "afwezig",
                "automatyczna odpowiedź", "autosvar", "automatisk svar", "自動応答", "自动回复", "auto:",
                "thank you for your", "thanks for your", "we have received your", "we received your")
            .add(Cue.CHALLENGE, "please confirm", "confirm your message", "verification required", "sender verification",
                "verify your email", "please verify", "awaiting your confirmation", "confirmation required",
                "challenge", "verify your message", "authorize your message", "held for verification")
            .add(Cue.READ_RECEIPT, "read:", "read receipt", "return receipt", "lesebestätigung", "gelesen:", "lu :",
                "lu:", "leído:", "letto:", "gelezen:", "not read:", "läst:", "odczytane:", "disposition notification")
            .add(Cue.DMARC_REPORT, "report domain:", "dmarc aggregate report", "report-id:")
            .add(Cue.COMPLAINT, "complaint about message from");
        return t.phrases;
    }

    /** Small builder so the tables above read as data. */
    private static final class Table {
        final List<Phrase> phrases = new ArrayList<>();
        private String family;

        Table family(String name) {
            family = name;
            return this;
        }

        Table add(Cue cue, String... texts) {
            for (String text : texts) {
                phrases.add(new Phrase(text, cue, family));
            }
            return this;
        }
    }
}
