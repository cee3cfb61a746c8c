package io.github.backscatterguard.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses a matcher condition of the form {@code key=value; key=value}: the one string James gives
 * a matcher. Keys are case-insensitive; values may contain {@code =} and, inside brackets,
 * {@code ;} (as in the return-code filter {@code 127.0.0.[2;4]}). Unknown or repeated keys are
 * errors, so a typo never silently falls back to a default.
 */
public final class KeyValueCondition {
    private KeyValueCondition() {
    }

    /**
     * @param condition the text after {@code Matcher=}; null or blank gives an empty map
     * @param acceptedKeys the keys this matcher understands, in lower case
     * @return the values by lower-case key, in the order written
     */
    public static Map<String, String> parse(String condition, Set<String> acceptedKeys) {
        Map<String, String> values = new LinkedHashMap<>();
        if (condition == null || condition.isBlank()) {
            return values;
        }
        for (String part : BracketAwareSplit.split(condition, ';')) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int equals = item.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("'" + item + "' is not key=value; accepted keys: " + new TreeSet<>(acceptedKeys));
            }
            String key = item.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            if (!acceptedKeys.contains(key)) {
                throw new IllegalArgumentException("unknown parameter '" + item.substring(0, equals).trim()
                    + "'; accepted keys: " + new TreeSet<>(acceptedKeys));
            }
            if (values.put(key, item.substring(equals + 1).trim()) != null) {
                throw new IllegalArgumentException("parameter '" + key + "' is given twice");
            }
        }
        return values;
    }
}
