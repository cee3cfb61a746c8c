package io.github.backscatterguard.james.smtp;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * Reads a hook's child elements of {@code <handler>} in smtpserver.xml into a map keyed by lower-case
 * element name, refusing unknown elements so that a typo fails James's start instead of silently
 * falling back to a default.
 */
final class HookParameters {
    private HookParameters() {
    }

    static Map<String, String> read(String hook, Configuration config, Set<String> acceptedKeys) throws ConfigurationException {
        Map<String, String> values = new LinkedHashMap<>();
        Iterator<String> keys = config.getKeys();
        while (keys.hasNext()) {
            String key = keys.next();
            if (key.startsWith("[@")) {
                continue; // attributes of <handler> itself, e.g. class
            }
            String normalized = key.toLowerCase(Locale.ROOT);
            if (!acceptedKeys.contains(normalized)) {
                throw new ConfigurationException(hook + ": unknown parameter <" + key + ">; accepted: " + new TreeSet<>(acceptedKeys)
                    + " (case-insensitive)");
            }
            String value = config.getString(key);
            values.put(normalized, value == null ? "" : value.trim()); // <dnsServers/> reads as empty
        }
        return values;
    }
}
