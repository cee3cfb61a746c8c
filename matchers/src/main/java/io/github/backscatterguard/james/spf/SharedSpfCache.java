package io.github.backscatterguard.james.spf;

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
        this.cache = new SpfCache(maxEntries());
    }

    private static int maxEntries() {
        String value = System.getProperty(MAX_ENTRIES_PROPERTY);
        if (value == null) {
            return DEFAULT_MAX_ENTRIES;
        }
        try {
            int entries = Integer.parseInt(value.trim());
            if (entries >= 1) {
                return entries;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Backscatter Guard: system property " + MAX_ENTRIES_PROPERTY + " has value '"
            + value + "'; accepted: a whole number of at least 1");
    }

    /** A checker for one matcher's settings, over the shared cache. */
    public SpfChecker checker(SpfSettings settings) {
        return settings.newChecker(cache);
    }
}
