package io.github.backscatterguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


/**
 * Load with nothing lost: {@value #CLIENTS} concurrent SMTP clients send {@value #TOTAL} mails through
 * {@code conf-samples/complete} (the same test-only edits as {@link CompleteSampleIntegrationTest}),
 * a deterministic mix of every path the sample has, and every mail is then found, by Message-ID, in
 * exactly the one place its kind must end in:
 * <ul>
 *   <li>ordinary mail and a genuine single-recipient bounce from an unlisted IP to a local user: the mailbox (IMAP);</li>
 *   <li>ordinary mail relayed by the authorised network: the "Internet" (the SMTP sink), from the default pool 127.0.0.2;</li>
 *   <li>NDRs of four MTAs relayed by the authorised network: the sink from the NDR pool 127.0.0.3, or, for the one
 *       flooded domain over the sample's rate limit, the overflow repository;</li>
 *   <li>bounces from the listed IP 127.0.0.66: refused at RCPT with 554;</li>
 *   <li>bounces to two recipients: refused at the end of DATA with 550 5.5.3;</li>
 *   <li>bounces relayed by the front filter with a listed hop: the quarantine repository.</li>
 * </ul>
 * Sent = accounted for, exactly; nothing in the error repository or any other repository; no mail left
 * in a queue; no mail James made itself (a bounce would reach the sink with an unknown Message-ID).
 *
 * <p>Heap bound: after the run and a {@code System.gc()}, the used heap must stay below
 * {@value #HEAP_BOUND_MB} MB (the module's forks run with -Xmx1g, so the bound does not depend on the
 * machine). What must legitimately stay in memory is small: the memory server keeps every delivered
 * message (1,280 in mailboxes, about 650 in repositories) and the sink its copies of about 3,200,
 * each a few KB, i.e. some 20 MB, plus James itself (measured about 70 MB in all after this run). A
 * leak of a message, a thread or a connection per mail (5,120 mails, each up to several KB read
 * into buffers) would pass the bound; legitimate content stays at a third of it.
 */
class LoadNothingLostIntegrationTest {
    static final int CLIENTS = 16;
    static final int MAILS_PER_CLIENT = 320;
    static final int TOTAL = CLIENTS * MAILS_PER_CLIENT;
    static final long HEAP_BOUND_MB = 256;

    private static final String DOMAIN = "guard.test";
    private static final String PASSWORD = "secret";
    private static final int USERS = 8;
    private static final InetAddress RELAYING_NETWORK = SampleJames.address("127.0.0.1");
    private static final InetAddress UNLISTED = SampleJames.address("127.0.0.20");
    private static final InetAddress LISTED = SampleJames.address("127.0.0.66");
    private static final InetAddress FRONT_FILTER = SampleJames.address(TestEdits.FRONT_FILTER);
    private static final String DEFAULT_POOL = CompleteSampleFixture.DEFAULT_POOL;
    private static final String NDR_POOL = CompleteSampleFixture.NDR_POOL;
    private static final String FLOOD_DOMAIN = "flood.example";
    /** Relayed NDRs spread over this many domains, fewer per domain than the sample's 30/1h; one NDR in 24 goes to FLOOD_DOMAIN. */
    private static final int NDR_DOMAINS = 64;
    private static final MailRepositoryUrl QUARANTINE = MailRepositoryUrl.from("memory://var/mail/backscatter/");
    private static final MailRepositoryUrl OVERFLOW = MailRepositoryUrl.from("memory://var/mail/ndr-overflow/");
    private static final MailRepositoryUrl ERROR = MailRepositoryUrl.from("memory://var/mail/error/");
    private static final List<String> NDR_TEMPLATES =
        List.of("ndr-pool/rfc3464-dsn.eml", "ndr-pool/postfix-bounce.eml", "ndr-pool/exim-bounce.eml", "ndr-pool/qmail-bounce.eml");
    private static final String LISTED_HOP = "Received: from bouncer.example (bouncer.example [127.0.0.66]) by filter.test (Postfix)"
        + " with ESMTP id 4QX; Thu, 4 Dec 2025 10:00:00 +0000";
    private static final long WAIT_MILLIS = 180_000;

    /** Where a mail of each kind must end. */
    enum Outcome {
        MAILBOX, DEFAULT_POOL, NDR_POOL_OR_OVERFLOW, QUARANTINE, REFUSED_AT_RCPT, REFUSED_AT_DATA
    }

    /** The mix: mail number n is of kind KINDS[n % 16]. */
    enum Kind {
        LOCAL_ORDINARY(Outcome.MAILBOX),
        LOCAL_GENUINE_BOUNCE(Outcome.MAILBOX),
        RELAYED_ORDINARY(Outcome.DEFAULT_POOL),
        RELAYED_NDR(Outcome.NDR_POOL_OR_OVERFLOW),
        LISTED_IP_BOUNCE(Outcome.REFUSED_AT_RCPT),
        MULTI_RECIPIENT_BOUNCE(Outcome.REFUSED_AT_DATA),
        FORGED_BOUNCE_VIA_FILTER(Outcome.QUARANTINE);

        final Outcome outcome;

        Kind(Outcome outcome) {
            this.outcome = outcome;
        }
    }

    private static final Kind[] KINDS = {
        Kind.LOCAL_ORDINARY, Kind.LOCAL_ORDINARY, Kind.LOCAL_ORDINARY, Kind.LOCAL_GENUINE_BOUNCE,
        Kind.RELAYED_ORDINARY, Kind.RELAYED_ORDINARY, Kind.RELAYED_ORDINARY,
        Kind.RELAYED_NDR, Kind.RELAYED_NDR, Kind.RELAYED_NDR, Kind.RELAYED_NDR,
        Kind.LISTED_IP_BOUNCE, Kind.LISTED_IP_BOUNCE,
        Kind.MULTI_RECIPIENT_BOUNCE,
        Kind.FORGED_BOUNCE_VIA_FILTER, Kind.FORGED_BOUNCE_VIA_FILTER,
    };

    /** One mail as sent: its kind, and the SMTP reply codes of its RCPTs and DATA. */
    private static final class Sent {
        final Kind kind;
        final String recipient;
        final List<Integer> codes;

        Sent(Kind kind, String recipient, List<Integer> codes) {
            this.kind = kind;
            this.recipient = recipient;
            this.codes = codes;
        }
    }

    private static final CompleteSampleFixture SAMPLE_FIXTURE = new CompleteSampleFixture();

    @RegisterExtension
    static JamesServerExtension james = SampleJames.perClass(LoadNothingLostIntegrationTest::writeSample);

    private static void writeSample(Path conf) throws Exception {
        SAMPLE_FIXTURE.writeTo(conf, LISTED);
    }

    @AfterAll
    static void stopFixtures() throws IOException {
        SAMPLE_FIXTURE.close();
    }

    @Test
    void everyMailOfAConcurrentMixIsAccountedForExactly(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addDomain(DOMAIN);
        for (int u = 0; u < USERS; u++) {
            data.addUser(user(u), PASSWORD);
        }
        int smtpPort = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
        LoadMailboxReader mailboxes = new LoadMailboxReader(server.getProbe(ImapGuiceProbe.class).getImapPort(), PASSWORD);
        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);
        QueueSizeProbe queues = server.getProbe(QueueSizeProbe.class);

        Map<String, Sent> sent = sendTheMix(smtpPort);

        assertThat(sent).hasSize(TOTAL);
        Map<Kind, List<Integer>> expectedCodes = new EnumMap<>(Kind.class);
        expectedCodes.put(Kind.LISTED_IP_BOUNCE, List.of(554));
        expectedCodes.put(Kind.MULTI_RECIPIENT_BOUNCE, List.of(250, 250, 550));
        sent.forEach((id, mail) -> assertThat(mail.codes).as("SMTP replies to %s (%s)", id, mail.kind)
            .isEqualTo(expectedCodes.getOrDefault(mail.kind, List.of(250, 250))));

        long accepted = sent.values().stream().filter(mail -> mail.kind.outcome != Outcome.REFUSED_AT_RCPT
            && mail.kind.outcome != Outcome.REFUSED_AT_DATA).count();
        awaitEverythingSettled(accepted, mailboxes, repositories, queues);

        Map<String, String> foundIn = new TreeMap<>();
        List<String> duplicates = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            for (String id : mailboxes.messageIds(user(u))) {
                record(foundIn, duplicates, id, "mailbox:" + user(u));
            }
        }
        for (SmtpSink.Delivery delivery : SAMPLE_FIXTURE.internet().deliveries()) {
            record(foundIn, duplicates, id(delivery), "sink:" + delivery.clientAddress().getHostAddress());
        }
        for (String id : repositoryIds(repositories, QUARANTINE)) {
            record(foundIn, duplicates, id, "quarantine");
        }
        List<String> overflow = repositoryIds(repositories, OVERFLOW);
        for (String id : overflow) {
            record(foundIn, duplicates, id, "overflow");
        }

        assertThat(duplicates).as("mails found twice").isEmpty();
        Set<String> unknown = new TreeSet<>(foundIn.keySet());
        unknown.removeAll(sent.keySet());
        assertThat(unknown).as("mails nobody sent (a bounce James made would be one)").isEmpty();
        Map<String, String> wrongPlace = new TreeMap<>();
        Set<String> missing = new TreeSet<>();
        Map<Outcome, Integer> accounted = new EnumMap<>(Outcome.class);
        for (Map.Entry<String, Sent> mail : sent.entrySet()) {
            Outcome outcome = mail.getValue().kind.outcome;
            String place = foundIn.get(mail.getKey());
            boolean refused = outcome == Outcome.REFUSED_AT_RCPT || outcome == Outcome.REFUSED_AT_DATA;
            if (refused) {
                if (place != null) {
                    wrongPlace.put(mail.getKey(), outcome + " but found in " + place);
                    continue;
                }
            } else if (place == null) {
                missing.add(mail.getKey() + " (" + mail.getValue().kind + ")");
                continue;
            } else if (!isExpectedPlace(outcome, mail.getValue(), place)) {
                wrongPlace.put(mail.getKey(), outcome + " but found in " + place);
                continue;
            }
            accounted.merge(outcome, 1, Integer::sum);
        }
        assertThat(missing).as("mails lost").isEmpty();
        assertThat(wrongPlace).as("mails in the wrong place").isEmpty();
        assertThat(accounted.values().stream().mapToInt(Integer::intValue).sum()).as("accounted for, by outcome: %s", accounted).isEqualTo(TOTAL);

        // The flooded domain overflowed (the sample's 30/1h), and only it.
        assertThat(overflow).as("overflow").isNotEmpty()
            .allSatisfy(id -> assertThat(sent.get(id).recipient).endsWith("@" + FLOOD_DOMAIN));
        for (MailRepositoryUrl url : repositories.listRepositoryUrls()) {
            if (!url.equals(QUARANTINE) && !url.equals(OVERFLOW)) {
                assertThat(repositories.getRepositoryMailCount(url)).as("mails in %s", url.asString()).isZero();
            }
        }
        assertThat(repositories.getRepositoryMailCount(ERROR)).as("error repository").isZero();

        System.gc();
        Runtime runtime = Runtime.getRuntime();
        long usedMb = (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
        System.out.printf("LoadNothingLostIntegrationTest: %d mails sent, accounted %s, overflow %d; heap used after GC %d MB (bound %d MB, max %d MB)%n",
            TOTAL, accounted, overflow.size(), usedMb, HEAP_BOUND_MB, runtime.maxMemory() / (1024 * 1024));
        assertThat(usedMb).as("heap used after the run and a GC, MB").isLessThan(HEAP_BOUND_MB);
    }

    private static boolean isExpectedPlace(Outcome outcome, Sent mail, String place) {
        switch (outcome) {
            case MAILBOX:
                return place.equals("mailbox:" + mail.recipient);
            case DEFAULT_POOL:
                return place.equals("sink:" + DEFAULT_POOL);
            case NDR_POOL_OR_OVERFLOW:
                return place.equals("sink:" + NDR_POOL) || place.equals("overflow");
            case QUARANTINE:
                return place.equals("quarantine");
            default:
                return false;
        }
    }

    private static void record(Map<String, String> foundIn, List<String> duplicates, String id, String place) {
        String previous = foundIn.putIfAbsent(id, place);
        if (previous != null) {
            duplicates.add(id + " in " + previous + " and " + place);
        }
    }

    /** The {@value #CLIENTS} clients, each sending {@value #MAILS_PER_CLIENT} mails of every kind in turn. */
    private static Map<String, Sent> sendTheMix(int smtpPort) throws Exception {
        Map<String, String> templates = new HashMap<>();
        for (String template : NDR_TEMPLATES) {
            templates.put(template, SampleJames.resource(template));
        }
        templates.put("ndr-pool/ordinary.eml", SampleJames.resource("ndr-pool/ordinary.eml"));
        Map<String, Sent> sent = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                done.add(clients.submit(() -> {
                    runClient(client, smtpPort, templates, sent);
                    return null;
                }));
            }
            for (Future<?> client : done) {
                client.get();
            }
        } finally {
            clients.shutdownNow();
        }
        return sent;
    }

    /** One client: four connections (one per source address), used in turn. */
    private static void runClient(int client, int smtpPort, Map<String, String> templates, Map<String, Sent> sent) throws IOException {
        try (SmtpSession relaying = SmtpSession.open(smtpPort, RELAYING_NETWORK);
             SmtpSession unlisted = SmtpSession.open(smtpPort, UNLISTED);
             SmtpSession listed = SmtpSession.open(smtpPort, LISTED);
             SmtpSession filter = SmtpSession.open(smtpPort, FRONT_FILTER)) {
            for (int j = 0; j < MAILS_PER_CLIENT; j++) {
                int n = client * MAILS_PER_CLIENT + j;
                Kind kind = KINDS[n % KINDS.length];
                String id = "load-" + n;
                String localUser = user(n % USERS);
                String recipient;
                List<Integer> codes;
                switch (kind) {
                    case LOCAL_ORDINARY:
                        recipient = localUser;
                        codes = unlisted.send("news@remote.example", plain("news@remote.example", recipient, "Newsletter " + n, id), recipient);
                        break;
                    case LOCAL_GENUINE_BOUNCE:
                        recipient = localUser;
                        codes = unlisted.send("", bounce(id, recipient, ""), recipient);
                        break;
                    case RELAYED_ORDINARY:
                        recipient = "dave" + n + "@partner" + (n % 50) + ".example";
                        codes = relaying.send("carol@downstream.example", fill(templates.get("ndr-pool/ordinary.eml"), recipient, id), recipient);
                        break;
                    case RELAYED_NDR:
                        int ndr = n / KINDS.length * 4 + (n % KINDS.length - 7);
                        recipient = ndr % 24 == 0 ? "victim" + n + "@" + FLOOD_DOMAIN : "sender" + n + "@bounced" + (ndr % NDR_DOMAINS) + ".example";
                        codes = relaying.send("", fill(templates.get(NDR_TEMPLATES.get(ndr % NDR_TEMPLATES.size())), recipient, id), recipient);
                        break;
                    case LISTED_IP_BOUNCE:
                        recipient = localUser;
                        codes = listed.send(n % 2 == 0 ? "" : "postmaster@bouncer.example", bounce(id, recipient, ""), recipient);
                        break;
                    case MULTI_RECIPIENT_BOUNCE:
                        recipient = localUser;
                        String second = user((n + 1) % USERS);
                        codes = unlisted.send("", bounce(id, recipient, ""), recipient, second);
                        break;
                    case FORGED_BOUNCE_VIA_FILTER:
                        recipient = localUser;
                        codes = filter.send(n % 2 == 0 ? "" : "postmaster@bouncer.example", bounce(id, recipient, LISTED_HOP + "\r\n"), recipient);
                        break;
                    default:
                        throw new IllegalStateException(kind.name());
                }
                sent.put(id, new Sent(kind, recipient, codes));
            }
        }
    }

    /**
     * Polls until every accepted mail is in a mailbox, the sink or a repository and no queue holds a
     * mail, or {@link #WAIT_MILLIS} passed; the exact accounting that follows says what is missing.
     */
    private static void awaitEverythingSettled(long accepted, LoadMailboxReader mailboxes, MailRepositoryProbeImpl repositories,
                                               QueueSizeProbe queues) throws Exception {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            long settled = SAMPLE_FIXTURE.internet().deliveries().size() + repositories.getRepositoryMailCount(QUARANTINE)
                + repositories.getRepositoryMailCount(OVERFLOW);
            for (int u = 0; u < USERS; u++) {
                settled += mailboxes.count(user(u));
            }
            long queued = queues.size("spool") + queues.size("outgoing") + queues.size("ndr-outgoing");
            if (settled >= accepted && queued == 0) {
                return;
            }
            Thread.sleep(500);
        }
    }

    private static String user(int number) {
        return "load" + number + "@" + DOMAIN;
    }

    private static String plain(String from, String to, String subject, String id) {
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + id + "@remote.example>\r\n\r\nHello.\r\n";
    }

    private static String bounce(String id, String to, String extraHeaders) {
        return extraHeaders + "From: MAILER-DAEMON@bouncer.example\r\nTo: " + to + "\r\nSubject: Undelivered Mail Returned to Sender\r\n"
            + "Message-ID: <" + id + "@bouncer.example>\r\n\r\nYour message to nobody@bouncer.example could not be delivered.\r\n";
    }

    private static String fill(String template, String to, String id) {
        return template.replace("${to}", to).replace("${id}", id).replace("\r\n", "\n").replace("\n", "\r\n");
    }

    private static List<String> repositoryIds(MailRepositoryProbeImpl repositories, MailRepositoryUrl url) throws Exception {
        List<String> ids = new ArrayList<>();
        for (MailKey key : repositories.listMailKeys(url)) {
            Mail mail = repositories.getMail(url, key);
            try {
                ids.add(localPart(mail.getMessage().getMessageID()));
            } finally {
                LifecycleUtil.dispose(mail);
            }
        }
        return ids;
    }

    private static String id(SmtpSink.Delivery delivery) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(delivery.message()));
            return localPart(message.getMessageID());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "<load-12@bouncer.example>" -> "load-12"; a message without Message-ID gives "(none)". */
    private static String localPart(String messageId) {
        if (messageId == null || messageId.indexOf('@') < 1) {
            return "(none: " + messageId + ")";
        }
        return messageId.substring(1, messageId.indexOf('@'));
    }
}
