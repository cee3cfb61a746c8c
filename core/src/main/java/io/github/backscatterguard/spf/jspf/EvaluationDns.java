package io.github.backscatterguard.spf.jspf;

import io.github.backscatterguard.dnsbl.DnsCompletionExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.apache.james.jspf.impl.DNSServiceXBillImpl;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * jSPF's view of the DNS during one SPF check. Unlike jSPF's own {@link DNSServiceXBillImpl}, it
 * asks the configured resolver directly (no search path, no JVM-wide dnsjava cache, no default
 * resolver on jSPF's asynchronous path), bounds the whole check by one deadline, turns every
 * DNS error (timeout, SERVFAIL, REFUSED, network trouble) into jSPF's TimeoutException, which jSPF
 * reports as {@code temperror} (RFC 7208 section 4.4), and notes on the way what jSPF does not
 * tell: the smallest TTL of the answers used and the SPF records of the checked domain.
 * One instance per check; not thread-safe.
 */
final class EvaluationDns implements DNSService {
    private static final int RECORD_LIMIT = 10;

    private final Resolver resolver;
    private final long deadlineNanos;
    private final long timeoutMillis;
    private final Name checkedDomain;
    private long minTtlSeconds = Long.MAX_VALUE;
    private List<String> domainRecords;
    private String lastError;

    EvaluationDns(Resolver resolver, long timeoutMillis, Name checkedDomain) {
        this.resolver = resolver;
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.checkedDomain = checkedDomain;
    }

    @Override
    public List<String> getRecords(DNSRequest request) throws TimeoutException {
        int type;
        switch (request.getRecordType()) {
            case DNSRequest.A:
                type = Type.A;
                break;
            case DNSRequest.AAAA:
                type = Type.AAAA;
                break;
            case DNSRequest.MX:
                type = Type.MX;
                break;
            case DNSRequest.PTR:
                type = Type.PTR;
                break;
            case DNSRequest.TXT:
                type = Type.TXT;
                break;
            default:
                // DNSRequest.SPF, the RR type 99: RFC 7208 section 3.1 discontinued it; jSPF then asks for TXT.
                return null;
        }
        Name name;
        try {
            name = Name.fromString(request.getHostname(), Name.root);
        } catch (TextParseException e) {
            return null;
        }
        Message response = send(name, type);
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw failure("the DNS server answered " + Rcode.string(rcode) + " for " + name + " " + Type.string(type));
        }
        List<Record> answers = new ArrayList<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            noteTtl(record.getTTL());
            if (record.getType() == type) {
                answers.add(record);
            }
        }
        if (answers.isEmpty()) {
            noteNegativeTtl(response);
            return null;
        }
        List<String> values = DNSServiceXBillImpl.convertRecordsToList(answers.toArray(new Record[0]));
        if (type == Type.TXT && name.equals(checkedDomain) && values != null && domainRecords == null) {
            domainRecords = new ArrayList<>();
            for (String text : values) {
                String start = text.trim().toLowerCase(Locale.ROOT);
                if (start.equals("v=spf1") || start.startsWith("v=spf1 ")) {
                    domainRecords.add(text);
                }
            }
        }
        return values;
    }

    private Message send(Name name, int type) throws TimeoutException {
        long remainingNanos = deadlineNanos - System.nanoTime();
        if (remainingNanos <= 0) {
            throw failure("the SPF check took longer than " + timeoutMillis + " ms");
        }
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        try {
            return resolver.sendAsync(query, DnsCompletionExecutor.get()).toCompletableFuture().get(remainingNanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw failure("no answer for " + name + " " + Type.string(type) + " within the " + timeoutMillis + " ms of the check");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw failure("DNS query for " + name + " " + Type.string(type) + " failed: "
                + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while querying " + name + " " + Type.string(type));
        }
    }

    /** jSPF reports every DNS failure as "Timeout querying dns": keep the real reason for the outcome. */
    private TimeoutException failure(String reason) {
        lastError = reason;
        return new TimeoutException(reason);
    }

    private void noteTtl(long ttl) {
        minTtlSeconds = Math.min(minTtlSeconds, ttl);
    }

    /** RFC 2308: a negative answer may be kept for min(SOA TTL, SOA MINIMUM); without an SOA it sets no limit. */
    private void noteNegativeTtl(Message response) {
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord) {
                noteTtl(Math.min(record.getTTL(), ((SOARecord) record).getMinimum()));
                return;
            }
        }
    }

    @Override
    public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
        // Only the synchronous executor is used (jSPF 1.0.3's asynchronous one returns before its lookups end).
        try {
            return CompletableFuture.completedFuture(getRecords(request));
        } catch (TimeoutException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The smallest TTL of the answers seen, or Long.MAX_VALUE when none set a limit. */
    long minTtlSeconds() {
        return minTtlSeconds;
    }

    /** The SPF records found at the checked domain itself (its first TXT answer). */
    List<String> domainRecords() {
        return domainRecords == null ? List.of() : domainRecords;
    }

    /** The last DNS failure of this check, if any. */
    java.util.Optional<String> lastError() {
        return java.util.Optional.ofNullable(lastError);
    }

    /** %{r} (the receiving host) is not known here; jSPF then writes "unknown" (RFC 7208 section 7.3). */
    @Override
    public List<String> getLocalDomainNames() {
        return List.of();
    }

    @Override
    public void setTimeOut(int timeOut) {
        // The deadline is fixed per check at construction.
    }

    @Override
    public int getRecordLimit() {
        return RECORD_LIMIT;
    }

    @Override
    public void setRecordLimit(int recordLimit) {
        // Fixed at RFC 7208's limit of 10.
    }
}
