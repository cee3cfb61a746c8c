package io.github.backscatterguard.spf;

/**
 * Evaluates SPF (RFC 7208 check_host()) for one query, asking the DNS every time; {@link SpfChecker}
 * adds the cache. Implementations never throw: DNS trouble is {@link SpfResult#TEMPERROR}, a broken
 * record {@link SpfResult#PERMERROR}.
 */
public interface SpfEvaluator {
    SpfOutcome evaluate(SpfQuery query);
}
