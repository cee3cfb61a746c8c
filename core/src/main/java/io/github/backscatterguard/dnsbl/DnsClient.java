package io.github.backscatterguard.dnsbl;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The two DNS queries a DNSBL needs. Implementations complete exceptionally with
 * {@link DnsLookupException} on timeout, error codes and network trouble; they never block.
 */
public interface DnsClient {
    CompletionStage<DnsAnswer> queryA(String name);

    /** The TXT strings of {@code name} (each record's strings joined), empty when there are none. */
    CompletionStage<List<String>> queryTxt(String name);
}
