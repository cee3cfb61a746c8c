package io.github.backscatterguard.dnsbl;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link DnsClient} on dnsjava's asynchronous resolver (the DNS library James itself ships), so a
 * lookup holds no thread while it waits. Truncated UDP answers are retried over TCP by dnsjava.
 */
public final class DnsjavaClient implements DnsClient {
    private final Resolver resolver;

    private DnsjavaClient(Resolver resolver) {
        this.resolver = resolver;
    }

    /** Queries the servers of the system's resolver configuration (/etc/resolv.conf). */
    public static DnsjavaClient systemResolver(Duration timeout) {
        ExtendedResolver resolver = new ExtendedResolver();
        resolver.setTimeout(timeout);
        resolver.setRetries(1);
        return new DnsjavaClient(resolver);
    }

    /** Queries the given servers, in order, e.g. a local rbldnsd mirror of the zone. */
    public static DnsjavaClient servers(List<InetSocketAddress> servers, Duration timeout) {
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            SimpleResolver simple = new SimpleResolver(server);
            simple.setTimeout(timeout);
            resolvers.add(simple);
        }
        ExtendedResolver resolver = new ExtendedResolver(resolvers);
        resolver.setTimeout(timeout);
        resolver.setRetries(1);
        return new DnsjavaClient(resolver);
    }

    @Override
    public CompletionStage<DnsAnswer> queryA(String name) {
        return send(name, Type.A).thenApply(DnsjavaClient::toAnswer);
    }

    @Override
    public CompletionStage<List<String>> queryTxt(String name) {
        return send(name, Type.TXT).thenApply(response -> {
            List<String> texts = new ArrayList<>();
            for (Record record : response.getSection(Section.ANSWER)) {
                if (record instanceof TXTRecord) {
                    texts.add(String.join("", ((TXTRecord) record).getStrings()));
                }
            }
            return texts;
        });
    }

    private CompletionStage<Message> send(String name, int type) {
        Message query;
        try {
            query = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
        } catch (TextParseException e) {
            return CompletableFuture.failedFuture(new DnsLookupException(LookupError.NETWORK, "bad query name " + name));
        }
        CompletionStage<Message> sent;
        try {
            sent = resolver.sendAsync(query, DnsCompletionExecutor.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new DnsLookupException(LookupError.NETWORK, String.valueOf(e.getMessage())));
        }
        return sent.handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                LookupError error = isTimeout(cause) ? LookupError.TIMEOUT : LookupError.NETWORK;
                String detail = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
                throw new CompletionException(new DnsLookupException(error, detail));
            }
            int rcode = response.getRcode();
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                throw new CompletionException(new DnsLookupException(LookupError.SERVER_ERROR, "server answered " + Rcode.string(rcode)));
            }
            return response;
        });
    }

    /**
     * dnsjava reports a timeout as SocketTimeoutException from one server, and as a plain
     * IOException "Timed out while trying to resolve ..." when ExtendedResolver's deadline passes.
     */
    private static boolean isTimeout(Throwable cause) {
        return cause instanceof java.util.concurrent.TimeoutException
            || cause instanceof java.net.SocketTimeoutException
            || cause instanceof java.io.IOException && cause.getMessage() != null && cause.getMessage().startsWith("Timed out");
    }

    private static DnsAnswer toAnswer(Message response) {
        List<byte[]> addresses = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof ARecord) {
                addresses.add(((ARecord) record).getAddress().getAddress());
                ttl = Math.min(ttl, record.getTTL());
            }
        }
        if (!addresses.isEmpty()) {
            return DnsAnswer.addresses(addresses, ttl);
        }
        // RFC 2308: a negative answer may be kept for min(SOA TTL, SOA MINIMUM).
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord) {
                return DnsAnswer.noSuchName(Math.min(record.getTTL(), ((SOARecord) record).getMinimum()));
            }
        }
        return DnsAnswer.noSuchName(0);
    }
}
