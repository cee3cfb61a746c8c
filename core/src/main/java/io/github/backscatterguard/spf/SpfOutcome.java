package io.github.backscatterguard.spf;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one SPF check: the result, the domain checked, what the domain published and why the
 * result is what it is, and how long the DNS data behind it may be reused.
 */
public final class SpfOutcome {
    /** {@link #ttlSeconds()} when no DNS answer limited the lifetime: only the cache's maximum age applies. */
    public static final long UNLIMITED_TTL = Long.MAX_VALUE;

    private final SpfResult result;
    private final Optional<String> domain;
    private final List<String> records;
    private final Optional<String> explanation;
    private final Optional<String> detail;
    private final long ttlSeconds;

    private SpfOutcome(SpfResult result, Optional<String> domain, List<String> records, Optional<String> explanation,
                       Optional<String> detail, long ttlSeconds) {
        this.result = Objects.requireNonNull(result, "result");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.records = List.copyOf(records);
        this.explanation = explanation.filter(text -> !text.isBlank());
        this.detail = detail.filter(text -> !text.isBlank());
        this.ttlSeconds = Math.max(0, ttlSeconds);
    }

    /**
     * @param records the SPF records ({@code v=spf1 ...}) the domain itself published, as found
     * @param explanation the explanation for a {@code fail} (the domain's {@code exp=} text, or the default one)
     * @param detail why the result is an error or {@code none}, e.g. "More than 1 SPF record found"
     * @param ttlSeconds the smallest TTL of the DNS answers used, or {@link #UNLIMITED_TTL}
     */
    public static SpfOutcome of(SpfResult result, Optional<String> domain, List<String> records, Optional<String> explanation,
                                Optional<String> detail, long ttlSeconds) {
        return new SpfOutcome(result, domain, records, explanation, detail, ttlSeconds);
    }

    /** An outcome reached without DNS, e.g. {@code none} for the null sender without a HELO name. */
    public static SpfOutcome withoutLookup(SpfResult result, Optional<String> domain, String detail) {
        return new SpfOutcome(result, domain, List.of(), Optional.empty(), Optional.of(detail), UNLIMITED_TTL);
    }

    public SpfResult result() {
        return result;
    }

    /** The domain checked, lower case; empty when there was none. */
    public Optional<String> domain() {
        return domain;
    }

    /** The SPF records the checked domain published (two or more make a {@code permerror}). */
    public List<String> records() {
        return records;
    }

    public Optional<String> explanation() {
        return explanation;
    }

    public Optional<String> detail() {
        return detail;
    }

    public long ttlSeconds() {
        return ttlSeconds;
    }

    /** One line for logs: {@code fail for example.com (detail)}. */
    public String describe() {
        return result.code() + " for " + domain.orElse("(no domain)") + detail.map(text -> " (" + text + ")").orElse("");
    }

    @Override
    public String toString() {
        return describe();
    }
}
