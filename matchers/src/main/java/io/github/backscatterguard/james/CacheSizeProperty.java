package io.github.backscatterguard.james;

/**
 * Reads the size bound of a server-wide cache from a system property (the caches are Guice
 * singletons, built before any matcher or hook parameter is read).
 */
public final class CacheSizeProperty {
    private CacheSizeProperty() {
    }

    /** The property's value, or {@code defaultEntries} when unset; a bad value fails James's start. */
    public static int read(String property, int defaultEntries) {
        String value = System.getProperty(property);
        if (value == null) {
            return defaultEntries;
        }
        try {
            int entries = Integer.parseInt(value.trim());
            if (entries >= 1) {
                return entries;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Backscatter Guard: system property " + property + " has value '"
            + value + "'; accepted: a whole number of at least 1");
    }
}
