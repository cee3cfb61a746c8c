package io.github.backscatterguard.it;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.MailRepositoryProbeImpl;

import com.google.inject.multibindings.Multibinder;

import io.github.backscatterguard.dnsbl.Rbldnsd;

/**
 * End-to-end throughput of James 3.8.1 with {@code conf-samples/complete} against the same server with
 * James's stock configuration ({@link StockConfiguration}): the same mails, over SMTP, from the same
 * concurrent clients, to the same recipients. Not a test (surefire does not run it): a main class,
 * run by {@code benchmarks/end-to-end.sh}, which prints mails/s of both configurations per round and
 * their ratio.
 *
 * <p>Each round boots a fresh server (a new working directory, a new SMTP sink for "the Internet", and
 * for the complete sample a new rbldnsd whose zone has an SOA record, so that "not listed" answers are
 * cached as a real list's are), sends a warm-up batch from every client address (which also fills the
 * DNSBL cache with the answer for every client IP), then times {@code mails} mails from
 * {@code clients} concurrent SMTP clients, each opening a connection per {@code perConnection} mails.
 * The clock stops when every mail is where it must be: the local mails in the users' INBOXes, the
 * relayed ones at the SMTP sink. Then the round checks that nothing else happened: no more and no
 * fewer mails than sent, no bounce at the sink, nothing in any mail repository, no mail left in a
 * queue; a side cannot look fast by doing less. The rounds alternate A/B, B/A, A/B... in this one JVM, after
 * {@code warmups} warm-up rounds per side, so machine noise and JIT warm-up fall on both sides alike.
 *
 * <p>Traffic (the same list of mails in every round of a kind):
 * <ul>
 *   <li>{@code ordinary}: half of the mails delivered to local users from unauthenticated clients
 *       (127.0.0.20 + client number, ordinary senders), half relayed for the authorised network
 *       127.0.0.1 to remote domains (the sink); contents: the corpus's ham, in turn;</li>
 *   <li>{@code bounces}: every mail a bounce ({@code MAIL FROM:<>}) from an IP the DNSBL does not list
 *       (127.0.0.20 + client number) to a local user: every RCPT asks the safe-mode hook, every mail the
 *       root fallback, both answered from the warm cache; contents: the corpus's NDRs, in turn.</li>
 * </ul>
 *
 * <p>Local mail goes to {@code users} users in turn: the memory mailbox of James 3.8.1 searches a user's
 * whole mailbox on every delivery (its thread-id guess: more than half of the CPU samples with 8 users
 * and 2,000 mails), so small INBOXes keep James's own cost what a real server's would be.
 *
 * <p>Arguments, {@code key=value}: {@code mails=4000 clients=8 perConnection=5 pairs=3 warmups=2 users=64
 * traffic=ordinary,bounces sides=stock,complete} (one side alone: for profiling). System properties:
 * {@code corpus.dir} (../shared/corpus), {@code backscatterguard.confSamples}, {@code backscatterguard.stockJamesZip}.
 */
public final class EndToEndThroughputBenchmark {
    private static final String DOMAIN = "guard.test";
    private static final String PASSWORD = "secret";
    private static final InetAddress RELAYING_NETWORK = SampleJames.address("127.0.0.1");
    /** The IP the complete sample's rbldnsd lists; no benchmark client uses it. */
    private static final InetAddress LISTED = SampleJames.address("127.0.0.66");
    private static final int FIRST_CLIENT_ADDRESS = 20;
    /** How often the clock looks whether every mail arrived: the timing's resolution, at a cost of well under 1 % of a core. */
    private static final long POLL_MILLIS = 10;
    private static final long ROUND_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final List<String> QUEUES = List.of("spool", "outgoing", "ndr-outgoing");

    enum Side {
        STOCK("stock"), GUARD("complete");

        final String label;

        Side(String label) {
            this.label = label;
        }
    }

    enum Traffic {
        ORDINARY, BOUNCES;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One SMTP transaction with one recipient. */
    private static final class Transaction {
        final String sender;
        final String recipient;
        final String message;
        final boolean local;

        Transaction(String sender, String recipient, String message, boolean local) {
            this.sender = sender;
            this.recipient = recipient;
            this.message = message;
            this.local = local;
        }
    }

    /** The transactions one client sends over one connection, from one source address. */
    private static final class Batch {
        final InetAddress source;
        final List<Transaction> transactions;

        Batch(InetAddress source, List<Transaction> transactions) {
            this.source = source;
            this.transactions = transactions;
        }
    }

    /** What one client sends in a round: its batches, in order. */
    private static final class Load {
        final List<List<Batch>> perClient;
        final long local;
        final long relayed;

        Load(List<List<Batch>> perClient) {
            this.perClient = perClient;
            this.local = transactions().filter(t -> t.local).count();
            this.relayed = transactions().filter(t -> !t.local).count();
        }

        private Stream<Transaction> transactions() {
            return perClient.stream().flatMap(List::stream).flatMap(batch -> batch.transactions.stream());
        }

        long mails() {
            return local + relayed;
        }
    }

    private static final class Round {
        final Traffic traffic;
        final Side side;
        final int number;
        final boolean warmUp;
        final long mails;
        final double seconds;
        final double smtpSeconds;
        final double cpuMillisPerMail;
        final double clientCpuMillisPerMail;
        final long gcMillis;
        final double loadBefore;
        final double loadAfter;
        final long inboxCountMicros;

        Round(Traffic traffic, Side side, int number, boolean warmUp, long mails, double seconds, double smtpSeconds,
              double cpuMillisPerMail, double clientCpuMillisPerMail, long gcMillis, double loadBefore, double loadAfter,
              long inboxCountMicros) {
            this.inboxCountMicros = inboxCountMicros;
            this.traffic = traffic;
            this.side = side;
            this.number = number;
            this.warmUp = warmUp;
            this.mails = mails;
            this.seconds = seconds;
            this.smtpSeconds = smtpSeconds;
            this.cpuMillisPerMail = cpuMillisPerMail;
            this.clientCpuMillisPerMail = clientCpuMillisPerMail;
            this.gcMillis = gcMillis;
            this.loadBefore = loadBefore;
            this.loadAfter = loadAfter;
        }

        double mailsPerSecond() {
            return mails / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                "%-8s round %2d %-8s %5d mails in %7.3f s = %7.1f mails/s (SMTP done %6.3f s); process CPU %.3f ms/mail"
                    + " (clients %.3f); GC %4d ms; load %.2f -> %.2f; one INBOX count %d us%s",
                traffic.label(), number, side.label, mails, seconds, mailsPerSecond(), smtpSeconds, cpuMillisPerMail,
                clientCpuMillisPerMail, gcMillis, loadBefore, loadAfter, inboxCountMicros, warmUp ? "  (warm-up, not counted)" : "");
        }
    }

    private final int mails;
    private final int clients;
    private final int perConnection;
    private final int pairs;
    private final List<Side> sides;
    /** Local recipients; each INBOX stays small (see the class comment). */
    private final int users;
    /** Rounds per side before the counted ones: each round boots a new server, and the JIT keeps improving James's code for a few. */
    private final int warmups;
    private final List<String> ham;
    private final List<String> ndrs;
    private final StockConfiguration stock = StockConfiguration.fromSystemProperty();
    /** When the last client finished its last transaction (System.nanoTime()). */
    private final AtomicLong clientsDoneAt = new AtomicLong();

    private EndToEndThroughputBenchmark(int mails, int clients, int perConnection, int pairs, List<Side> sides, int users,
                                        int warmups, List<String> ham, List<String> ndrs) {
        this.warmups = warmups;
        this.users = users;
        this.mails = mails;
        this.clients = clients;
        this.perConnection = perConnection;
        this.pairs = pairs;
        this.sides = sides;
        this.ham = ham;
        this.ndrs = ndrs;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of(
            "mails", "4000", "clients", "8", "perConnection", "5", "pairs", "3", "traffic", "ordinary,bounces",
            "sides", "stock,complete", "users", "64", "warmups", "2"));
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals < 0 || !options.containsKey(arg.substring(0, equals))) {
                throw new IllegalArgumentException("unknown argument " + arg + "; accepted: key=value with key in " + options.keySet());
            }
            options.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        Path corpus = Paths.get(System.getProperty("corpus.dir", "../shared/corpus"));
        List<Side> sides = Stream.of(options.get("sides").split(","))
            .map(EndToEndThroughputBenchmark::side).collect(Collectors.toList());
        EndToEndThroughputBenchmark benchmark = new EndToEndThroughputBenchmark(
            Integer.parseInt(options.get("mails")), Integer.parseInt(options.get("clients")),
            Integer.parseInt(options.get("perConnection")), Integer.parseInt(options.get("pairs")), sides,
            Integer.parseInt(options.get("users")), Integer.parseInt(options.get("warmups")),
            corpusMessages(corpus, "ham"), corpusMessages(corpus, "ndr"));
        List<Traffic> traffics = Stream.of(options.get("traffic").split(","))
            .map(name -> Traffic.valueOf(name.trim().toUpperCase(Locale.ROOT))).collect(Collectors.toList());
        System.out.printf(Locale.ROOT, "End-to-end throughput, James 3.8.1 in-JVM: stock configuration vs conf-samples/complete%n"
                + "options %s; corpus %s: %d ham, %d NDRs%n"
                + "machine: %d cores, %s %s, max heap %d MB, load %s%n",
            options, corpus, benchmark.ham.size(), benchmark.ndrs.size(), Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name"), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
        List<Round> rounds = new ArrayList<>();
        for (Traffic traffic : traffics) {
            rounds.addAll(benchmark.run(traffic));
        }
        System.out.println();
        System.out.println("Summary (warm-up rounds left out; mails/s = mails / seconds until the last one was delivered):");
        for (Traffic traffic : traffics) {
            summarise(traffic, rounds);
        }
        System.exit(0);
    }

    private List<Round> run(Traffic traffic) throws Exception {
        Load load = load(traffic);
        List<Round> rounds = new ArrayList<>();
        int number = 0;
        for (int warmUp = 0; warmUp < warmups; warmUp++) {
            for (Side side : sides) {
                rounds.add(print(round(traffic, side, ++number, true, load)));
            }
        }
        for (int pair = 0; pair < pairs; pair++) {
            // A B, B A, A B...: a drift (the JIT still improving, load changing) falls on both sides alike.
            List<Side> order = new ArrayList<>(sides);
            if (pair % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Side side : order) {
                rounds.add(print(round(traffic, side, ++number, false, load)));
            }
        }
        return rounds;
    }

    /** "stock" or "complete" (one side alone is for profiling; the comparison needs both). */
    private static Side side(String label) {
        return Stream.of(Side.values()).filter(side -> side.label.equals(label.trim())).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown side " + label + "; accepted: stock, complete"));
    }

    private static Round print(Round round) {
        System.out.println(round);
        return round;
    }

    private static void summarise(Traffic traffic, List<Round> rounds) {
        List<Round> counted = rounds.stream().filter(r -> r.traffic == traffic && !r.warmUp).collect(Collectors.toList());
        List<Round> stock = counted.stream().filter(r -> r.side == Side.STOCK).collect(Collectors.toList());
        List<Round> guard = counted.stream().filter(r -> r.side == Side.GUARD).collect(Collectors.toList());
        double stockRate = stock.stream().mapToDouble(Round::mailsPerSecond).average().orElse(Double.NaN);
        double guardRate = guard.stream().mapToDouble(Round::mailsPerSecond).average().orElse(Double.NaN);
        double stockCpu = stock.stream().mapToDouble(r -> r.cpuMillisPerMail).average().orElse(Double.NaN);
        double guardCpu = guard.stream().mapToDouble(r -> r.cpuMillisPerMail).average().orElse(Double.NaN);
        List<Double> pairRatios = IntStream.range(0, Math.min(stock.size(), guard.size()))
            .mapToObj(i -> guard.get(i).mailsPerSecond() / stock.get(i).mailsPerSecond()).collect(Collectors.toList());
        double ratio = guardRate / stockRate;
        System.out.printf(Locale.ROOT, "%-8s stock    %s mails/s, mean %.1f; process CPU %.3f ms/mail%n", traffic.label(),
            rates(stock), stockRate, stockCpu);
        System.out.printf(Locale.ROOT, "%-8s complete %s mails/s, mean %.1f; process CPU %.3f ms/mail%n", traffic.label(),
            rates(guard), guardRate, guardCpu);
        List<Double> sorted = pairRatios.stream().sorted().collect(Collectors.toList());
        double median = sorted.isEmpty() ? Double.NaN
            : (sorted.get((sorted.size() - 1) / 2) + sorted.get(sorted.size() / 2)) / 2;
        System.out.printf(Locale.ROOT, "%-8s ratio complete/stock %.3f (overhead %.1f %%); per pair %s, median %.3f;"
                + " CPU per mail ratio %.3f (%+.1f %%)%n",
            traffic.label(), ratio, (1 - ratio) * 100,
            pairRatios.stream().map(r -> String.format(Locale.ROOT, "%.3f", r)).collect(Collectors.joining(" ")), median,
            guardCpu / stockCpu, (guardCpu / stockCpu - 1) * 100);
    }

    private static String rates(List<Round> rounds) {
        return rounds.stream().map(r -> String.format(Locale.ROOT, "%.1f", r.mailsPerSecond())).collect(Collectors.joining(" "));
    }

    /** The round's traffic: batch b goes to client b % clients; the same list for both sides. */
    private Load load(Traffic traffic) {
        int batches = mails / perConnection;
        List<List<Batch>> perClient = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            perClient.add(new ArrayList<>());
        }
        for (int b = 0; b < batches; b++) {
            int client = b % clients;
            boolean local = traffic == Traffic.BOUNCES || b % 2 == 0;
            List<Transaction> transactions = new ArrayList<>();
            for (int j = 0; j < perConnection; j++) {
                transactions.add(transaction(traffic, b * perConnection + j, local));
            }
            perClient.get(client).add(new Batch(local ? clientAddress(client) : RELAYING_NETWORK, transactions));
        }
        return new Load(perClient);
    }

    private Transaction transaction(Traffic traffic, int n, boolean local) {
        if (traffic == Traffic.BOUNCES) {
            return new Transaction("", user(n % users), ndrs.get(n % ndrs.size()), true);
        }
        String message = ham.get(n % ham.size());
        if (local) {
            return new Transaction("sender" + n % 97 + "@provider" + n % 13 + ".example", user(n % users), message, true);
        }
        return new Transaction(user(n % users), "rcpt" + n % 64 + "@remote" + n % 16 + ".example", message, false);
    }

    /** One batch per client and kind of mail of the traffic: starts the server's paths and fills the DNSBL cache for each client IP. */
    private Load warmUpLoad(Traffic traffic) {
        List<List<Batch>> perClient = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<Batch> batches = new ArrayList<>();
            for (boolean local : traffic == Traffic.BOUNCES ? List.of(true) : List.of(true, false)) {
                List<Transaction> transactions = new ArrayList<>();
                for (int j = 0; j < perConnection; j++) {
                    transactions.add(transaction(traffic, c * perConnection + j, local));
                }
                batches.add(new Batch(local ? clientAddress(c) : RELAYING_NETWORK, transactions));
            }
            perClient.add(batches);
        }
        return new Load(perClient);
    }

    private Round round(Traffic traffic, Side side, int number, boolean warmUp, Load load) throws Exception {
        Path work = Files.createTempDirectory("e2e-" + side.label);
        CompleteSampleFixture complete = new CompleteSampleFixture();
        Rbldnsd[] cachingDnsbl = new Rbldnsd[1];
        SmtpSink stockInternet = null;
        GuiceJamesServer server = null;
        try {
            SmtpSink internet;
            if (side == Side.GUARD) {
                server = boot(work, conf -> {
                    complete.writeTo(conf, LISTED);
                    cachingDnsbl[0] = askZoneWithSoa(conf);
                });
                internet = complete.internet();
            } else {
                SmtpSink sink = SmtpSink.start();
                stockInternet = sink;
                internet = sink;
                server = boot(work, conf -> stock.writeTo(conf, work.resolve("stock-as-shipped"), sink));
            }
            DataProbeImpl data = server.getProbe(DataProbeImpl.class);
            data.addDomain(DOMAIN);
            List<String> localUsers = IntStream.range(0, users).mapToObj(EndToEndThroughputBenchmark::user).collect(Collectors.toList());
            for (String user : localUsers) {
                data.addUser(user, PASSWORD);
            }
            int port = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
            MailboxCountProbe mailboxes = server.getProbe(MailboxCountProbe.class);

            Load warm = warmUpLoad(traffic);
            send(port, warm);
            awaitDelivered(mailboxes, localUsers, internet, warm.local, warm.relayed, System.nanoTime());
            long pollStart = System.nanoTime();
            long localBefore = mailboxes.inboxMessages(localUsers);
            long pollNanos = System.nanoTime() - pollStart;
            int relayedBefore = internet.deliveries().size();
            System.gc();
            Thread.sleep(500);

            double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long gcBefore = gcMillis();
            long cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            Future<Long> clientCpu = sendInBackground(port, load);
            long done = awaitDelivered(mailboxes, localUsers, internet, localBefore + load.local, relayedBefore + load.relayed, start);
            long cpuAfter = processCpuNanos();
            long gcAfter = gcMillis();
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long clientCpuNanos = clientCpu.get();
            double smtpSeconds = (clientsDoneAt.get() - start) / 1e9;

            verifyNothingElse(server, mailboxes, localUsers, internet, localBefore + load.local, relayedBefore, load.relayed);
            return new Round(traffic, side, number, warmUp, load.mails(), (done - start) / 1e9, smtpSeconds,
                (cpuAfter - cpuBefore) / 1e6 / load.mails(), clientCpuNanos / 1e6 / load.mails(), gcAfter - gcBefore, loadBefore, loadAfter,
                pollNanos / 1000);
        } finally {
            if (server != null) {
                server.stop();
            }
            complete.close();
            if (cachingDnsbl[0] != null) {
                cachingDnsbl[0].close();
            }
            if (stockInternet != null) {
                stockInternet.close();
            }
            deleteRecursively(work);
            System.gc();
        }
    }

    /**
     * Points the hook and the root fallback of the written complete sample at a second rbldnsd whose
     * zone, like a real list's, has an SOA record: without one a "not listed" answer (NXDOMAIN) may not
     * be cached (RFC 2308), and every bounce would cost a DNS query instead of a cache hit. It lists
     * the same IP as the fixture's.
     */
    private static Rbldnsd askZoneWithSoa(Path conf) throws Exception {
        String folder = conf.toAbsolutePath().toString();
        SampleFile smtpServer = SampleFile.load(folder, "smtpserver.xml");
        String zone = smtpServer.text(TestEdits.SAFE_MODE_HOOK + "/zone").split("=")[0];
        Rbldnsd rbldnsd = Rbldnsd.start(Map.of(zone + ":ip4set:backscatterers",
            "$SOA 3600 ns." + zone + " hostmaster." + zone + " 1 3600 600 86400 3600\n$TTL 3600\n"
                + ":127.0.0.2:listed\n" + LISTED.getHostAddress() + "\n"));
        String dnsServers = "127.0.0.1:" + rbldnsd.address().getPort();
        smtpServer.setText(TestEdits.SAFE_MODE_HOOK + "/dnsServers", dnsServers).writeTo(conf);
        SampleFile.load(folder, "mailetcontainer.xml").setConditionValue(TestEdits.FALLBACK, "dnsServers", dnsServers).writeTo(conf);
        return rbldnsd;
    }

    private static GuiceJamesServer boot(Path work, SampleJames.ConfWriter confWriter) throws Exception {
        SampleJames.writeConf(work.toFile(), confWriter);
        GuiceJamesServer server = MemoryJamesServerMain.createServer(MemoryJamesConfiguration.builder()
                .workingDirectory(work.toFile())
                .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
                .build())
            .overrideWith(binder -> binder.bind(DNSService.class).toInstance(new LiteralResolvingDnsService()))
            .overrideWith(binder -> {
                Multibinder<GuiceProbe> probes = Multibinder.newSetBinder(binder, GuiceProbe.class);
                probes.addBinding().to(QueueSizeProbe.class);
                probes.addBinding().to(MailboxCountProbe.class);
            });
        server.start();
        return server;
    }

    private void send(int port, Load load) throws Exception {
        sendInBackground(port, load).get();
    }

    /** Starts one thread per client; the future gives the clients' CPU time in nanoseconds. */
    private Future<Long> sendInBackground(int port, Load load) {
        AtomicInteger names = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(load.perClient.size() + 1, runnable -> {
            Thread thread = new Thread(runnable, "e2e-client-" + names.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        List<Future<Long>> clientsDone = new ArrayList<>();
        for (List<Batch> batches : load.perClient) {
            clientsDone.add(executor.submit(() -> runClient(port, batches)));
        }
        Future<Long> all = executor.submit(() -> {
            long cpu = 0;
            for (Future<Long> client : clientsDone) {
                cpu += client.get();
            }
            clientsDoneAt.set(System.nanoTime());
            return cpu;
        });
        executor.shutdown();
        return all;
    }

    private static long runClient(int port, List<Batch> batches) throws IOException {
        long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        for (Batch batch : batches) {
            try (SmtpSession session = SmtpSession.open(port, batch.source)) {
                for (Transaction transaction : batch.transactions) {
                    List<Integer> codes = session.send(transaction.sender, transaction.message, transaction.recipient);
                    if (!codes.equals(List.of(250, 250))) {
                        throw new IllegalStateException("<" + transaction.sender + "> -> " + transaction.recipient + " from "
                            + batch.source.getHostAddress() + ": replies " + codes + " " + session.replies());
                    }
                }
            }
        }
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart;
    }

    /** Polls until the INBOXes and the sink hold the expected counts; returns System.nanoTime() of that moment. */
    private static long awaitDelivered(MailboxCountProbe mailboxes, List<String> users, SmtpSink internet,
                                       long local, long relayed, long start) throws Exception {
        while (true) {
            int sent = internet.deliveries().size();
            long inboxes = sent >= relayed ? mailboxes.inboxMessages(users) : -1;
            if (inboxes >= local && sent >= relayed) {
                return System.nanoTime();
            }
            if (System.nanoTime() - start > ROUND_TIMEOUT_NANOS) {
                throw new IllegalStateException("not delivered in time: " + inboxes + " of " + local + " local, "
                    + sent + " of " + relayed + " relayed");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** After a pause: exactly the mails sent, no bounce at the sink, every repository and queue empty. */
    private static void verifyNothingElse(GuiceJamesServer server, MailboxCountProbe mailboxes, List<String> users, SmtpSink internet,
                                          long local, int relayedBefore, long relayed) throws Exception {
        Thread.sleep(1000);
        long inboxes = mailboxes.inboxMessages(users);
        List<SmtpSink.Delivery> deliveries = internet.deliveries();
        if (inboxes != local || deliveries.size() != relayedBefore + relayed) {
            throw new IllegalStateException("expected " + local + " local and " + (relayedBefore + relayed) + " relayed mails, found "
                + inboxes + " and " + deliveries.size());
        }
        for (SmtpSink.Delivery delivery : deliveries) {
            if (delivery.sender().isEmpty() || !delivery.sender().endsWith("@" + DOMAIN) || delivery.recipients().size() != 1
                || !delivery.recipients().get(0).endsWith(".example")) {
                throw new IllegalStateException("the sink got a mail the benchmark did not send: " + delivery);
            }
        }
        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);
        for (MailRepositoryUrl url : repositories.listRepositoryUrls()) {
            if (repositories.getRepositoryMailCount(url) != 0) {
                throw new IllegalStateException(repositories.getRepositoryMailCount(url) + " mails in " + url.asString());
            }
        }
        QueueSizeProbe queues = server.getProbe(QueueSizeProbe.class);
        for (String queue : QUEUES) {
            if (queues.size(queue) != 0) {
                throw new IllegalStateException(queues.size(queue) + " mails left in the queue " + queue);
            }
        }
    }

    /**
     * The corpus messages of one class (manifest.tsv: not body-only, not a line-ending variant), lines
     * ending CRLF, without the mbox "From " line some start with. Bytes kept as ISO-8859-1 characters,
     * which the SMTP client writes back unchanged.
     */
    private static List<String> corpusMessages(Path corpus, String messageClass) throws IOException {
        List<String> messages = new ArrayList<>();
        List<String> rows = Files.readAllLines(corpus.resolve("manifest.tsv"), StandardCharsets.UTF_8);
        List<String> header = List.of(rows.get(0).split("\t"));
        int path = header.indexOf("path");
        int kind = header.indexOf("class");
        int bodyOnly = header.indexOf("body_only");
        int variant = header.indexOf("variant");
        for (String row : rows.subList(1, rows.size())) {
            String[] columns = row.split("\t");
            if (columns[kind].equals(messageClass) && columns[bodyOnly].equals("0") && columns[variant].equals("0")) {
                String text = new String(Files.readAllBytes(corpus.resolve(columns[path])), StandardCharsets.ISO_8859_1)
                    .replace("\r\n", "\n").replace('\r', '\n');
                if (text.startsWith("From ")) {
                    text = text.substring(text.indexOf('\n') + 1);
                }
                messages.add(text.replace("\n", "\r\n"));
            }
        }
        if (messages.isEmpty()) {
            throw new IllegalStateException("no " + messageClass + " message in " + corpus.resolve("manifest.tsv"));
        }
        return messages;
    }

    private static InetAddress clientAddress(int client) {
        return SampleJames.address("127.0.0." + (FIRST_CLIENT_ADDRESS + client));
    }

    private static String user(int number) {
        return "bench" + number + "@" + DOMAIN;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).trim();
        } catch (IOException e) {
            return String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        }
    }
}
