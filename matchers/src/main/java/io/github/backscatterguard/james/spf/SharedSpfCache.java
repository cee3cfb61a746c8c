package io.github.backscatterguard.james.spf;

import io.github.backscatterguard.james.CacheSizeProperty;
import com.google.inject.Singleton;
import io.github.backscatterguard.spf.SpfCache;
import io.github.backscatterguard.spf.SpfChecker;
import io.github.backscatterguard.spf.SpfSettings;

/**
 * The one SPF cache of the James server: a Guice singleton every {@code SpfResultIs} receives by
 * injection, so the bounce paths of all processors share the results per (client IP, domain).
 * <p>
 * Its size is bounded by the system property {@value #MAX_ENTRIES_PROPERTY} (default
 * {@value #DEFAULT_MAX_ENTRIES} entries, a few hundred bytes each).
 */
@Singleton
public final class SharedSpfCache {
    public static final String MAX_ENTRIES_PROPERTY = "backscatterguard.spf.cacheEntries";
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private final SpfCache cache;

    public SharedSpfCache() {
        this.cache = new SpfCache(CacheSizeProperty.read(MAX_ENTRIES_PROPERTY, DEFAULT_MAX_ENTRIES));
    }


    /** A checker for one matcher's settings, over the shared cache. */
    public SpfChecker checker(SpfSettings settings) {
        return settings.newChecker(cache);
    }
}
