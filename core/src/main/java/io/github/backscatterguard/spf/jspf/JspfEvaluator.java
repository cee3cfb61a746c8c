package io.github.backscatterguard.spf.jspf;

import io.github.backscatterguard.spf.SpfEvaluator;
import io.github.backscatterguard.spf.SpfOutcome;
import io.github.backscatterguard.spf.SpfQuery;
import io.github.backscatterguard.spf.SpfResult;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.james.jspf.core.DNSLookupContinuation;
import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.DNSServiceEnabled;
import org.apache.james.jspf.core.MacroExpand;
import org.apache.james.jspf.core.MacroExpandEnabled;
import org.apache.james.jspf.core.SPF1Utils;
import org.apache.james.jspf.core.SPFCheckEnabled;
import org.apache.james.jspf.core.SPFChecker;
import org.apache.james.jspf.core.SPFCheckerExceptionCatcher;
import org.apache.james.jspf.core.SPFSession;
import org.apache.james.jspf.core.exceptions.SPFResultException;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.apache.james.jspf.executor.FutureSPFResult;
import org.apache.james.jspf.executor.SynchronousSPFExecutor;
import org.apache.james.jspf.impl.SPF;
import org.apache.james.jspf.parser.RFC4408SPF1Parser;
import org.apache.james.jspf.wiring.WiringServiceTable;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;

/**
 * {@link SpfEvaluator} on jSPF, the SPF library James ships, wired as James's own SPF mailet wires
 * it (synchronous executor: jSPF 1.0.3's asynchronous one is broken, JAMES-3920) but with a DNS of
 * its own ({@link EvaluationDns}): the configured servers, one deadline for the whole check, every
 * DNS failure a {@code temperror}, and the TTLs and records jSPF does not report.
 * <p>
 * Thread-safe: the parsed-term machinery is shared, the DNS state is per check.
 */
public final class JspfEvaluator implements SpfEvaluator {
    /** The explanation of a {@code fail} when the domain publishes no {@code exp=} (RFC 7208 section 6.2). */
    static final String DEFAULT_EXPLANATION = "%{o} does not designate %{i} as permitted sender";

    private final Resolver resolver;
    private final Duration timeout;
    private final SPF spf;

    private JspfEvaluator(Resolver resolver, Duration timeout) {
        this.resolver = resolver;
        this.timeout = timeout;
        DNSService wiringDns = new TermsDns();
        WiringServiceTable wiring = new WiringServiceTable();
        wiring.put(DNSServiceEnabled.class, wiringDns);
        MacroExpand macroExpand = new MacroExpand(wiringDns);
        wiring.put(MacroExpandEnabled.class, macroExpand);
        RFC4408SPF1Parser parser = new RFC4408SPF1Parser(new JspfTerms(wiring));
        // SPF's own executor is never used: each check runs its own (see evaluate).
        this.spf = new SPF(wiringDns, parser, macroExpand, new SynchronousSPFExecutor(wiringDns));
        this.spf.setDefaultExplanation(DEFAULT_EXPLANATION);
        // include: and redirect= call back into SPF through this wiring, as in jSPF's own constructor.
        wiring.put(SPFCheckEnabled.class, spf);
    }

    /** Asks the servers of the system's resolver configuration (/etc/resolv.conf). */
    public static JspfEvaluator systemResolver(Duration timeout) {
        ExtendedResolver resolver = new ExtendedResolver();
        resolver.setTimeout(timeout);
        resolver.setRetries(1);
        return new JspfEvaluator(resolver, timeout);
    }

    /** Asks the given servers, in order. */
    public static JspfEvaluator servers(List<InetSocketAddress> servers, Duration timeout) {
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            SimpleResolver simple = new SimpleResolver(server);
            simple.setTimeout(timeout);
            resolvers.add(simple);
        }
        ExtendedResolver resolver = new ExtendedResolver(resolvers);
        resolver.setTimeout(timeout);
        resolver.setRetries(1);
        return new JspfEvaluator(resolver, timeout);
    }

    /**
     * RFC 7208 check_host() for the query. DNS trouble gives {@code temperror}, broken records
     * {@code permerror}; only a failure inside jSPF itself (a bug) throws an IllegalStateException.
     */
    @Override
    public SpfOutcome evaluate(SpfQuery query) {
        Optional<String> domain = query.domain();
        if (domain.isEmpty()) {
            return SpfOutcome.withoutLookup(SpfResult.NONE, domain, "null sender without a HELO name: no domain to check");
        }
        Name domainName;
        try {
            domainName = Name.fromString(domain.get(), Name.root);
        } catch (TextParseException e) {
            return SpfOutcome.withoutLookup(SpfResult.NONE, domain, "'" + domain.get() + "' is not a domain name");
        }
        EvaluationDns dns = new EvaluationDns(resolver, timeout.toMillis(), domainName);
        // jSPF reads an empty MAIL FROM as the null sender and checks postmaster@<HELO> (RFC 7208 section 2.4).
        SPFSession session = new SPFSession(query.sender().orElse(""), query.helo().orElse("unknown"), query.ip().getHostAddress());
        ResultCatcher catcher = new ResultCatcher();
        session.pushChecker(catcher);
        session.pushChecker(spf);
        new SynchronousSPFExecutor(dns).execute(session, new FutureSPFResult());
        if (catcher.unexpected != null) {
            throw new IllegalStateException("jSPF failed while checking " + query + ": " + catcher.unexpected, catcher.unexpected);
        }
        String code = session.getCurrentResultExpanded();
        SpfResult result = SpfResult.fromCode(code)
            .orElseThrow(() -> new IllegalStateException("jSPF gave an unknown SPF result '" + code + "' for " + query));
        Optional<String> explanation = result == SpfResult.FAIL ? Optional.ofNullable(session.getExplanation()) : Optional.empty();
        Optional<String> detail = result == SpfResult.TEMPERROR && dns.lastError().isPresent() ? dns.lastError() : Optional.ofNullable(catcher.detail).map(JspfEvaluator::shorten);
        return SpfOutcome.of(result, domain, dns.domainRecords(), explanation, detail, dns.minTtlSeconds());
    }

    /** jSPF's syntax errors end with the whole term grammar as a regular expression: keep the sentence. */
    static String shorten(String message) {
        String phrase = " is not syntactically valid";
        int end = message.indexOf(phrase);
        if (end >= 0) {
            return message.substring(0, end + phrase.length());
        }
        return message.length() <= 200 ? message : message.substring(0, 200) + "...";
    }

    /**
     * The bottom of jSPF's checker stack, as jSPF's private DefaultSPFChecker: turns the final
     * state or the exception that ended the check into the result name. Unlike it, it does not log
     * every {@code none} or {@code permerror} as a warning with a stack trace, and it keeps jSPF's
     * reason for the caller.
     */
    private static final class ResultCatcher implements SPFChecker, SPFCheckerExceptionCatcher {
        String detail;
        Throwable unexpected;

        @Override
        public DNSLookupContinuation checkSPF(SPFSession session) {
            if (session.getCurrentResultExpanded() == null) {
                String resultChar = session.getCurrentResult() != null ? session.getCurrentResult() : "";
                session.setCurrentResultExpanded(SPF1Utils.resultToName(resultChar));
            }
            return null;
        }

        // No @Override on the two: jSPF 1.0.3 (James 3.8) declares the Exception one, jSPF 1.0.5
        // (James 3.9) the Throwable one, and the same source is compiled against both.
        public void onException(Exception exception, SPFSession session) {
            record(exception, session);
        }

        public void onException(Throwable exception, SPFSession session) {
            record(exception, session);
        }

        private void record(Throwable exception, SPFSession session) {
            if (exception instanceof SPFResultException) {
                detail = exception.getMessage();
                session.setCurrentResultExpanded(((SPFResultException) exception).getResult());
            } else {
                unexpected = exception;
                session.setCurrentResultExpanded(SpfResult.TEMPERROR.code());
            }
        }
    }

    /**
     * The DNS service jSPF's terms and macro expander are wired with: they only read the record
     * limit and the local host names from it; every lookup goes through the check's own executor.
     */
    private static final class TermsDns implements DNSService {
        @Override
        public List<String> getRecords(DNSRequest request) throws TimeoutException {
            throw new TimeoutException("internal: lookup of " + request.getHostname() + " outside an SPF check");
        }

        @Override
        public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
            return CompletableFuture.failedFuture(new TimeoutException("internal: lookup of " + request.getHostname() + " outside an SPF check"));
        }

        @Override
        public List<String> getLocalDomainNames() {
            return List.of();
        }

        @Override
        public void setTimeOut(int timeOut) {
            // No lookups here.
        }

        @Override
        public int getRecordLimit() {
            return 10;
        }

        @Override
        public void setRecordLimit(int recordLimit) {
            // Fixed at RFC 7208's limit of 10.
        }
    }
}
