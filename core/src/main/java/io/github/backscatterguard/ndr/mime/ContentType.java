package io.github.backscatterguard.ndr.mime;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed Content-Type value (RFC 2045): the media type in lower case and its parameters, names
 * in lower case. Tolerant of missing quotes, stray blanks and semicolons; RFC 2231 continuations
 * ({@code name*0=}) are joined.
 */
public final class ContentType {
    public static final ContentType TEXT_PLAIN = new ContentType("text/plain", Collections.emptyMap());
    public static final ContentType MESSAGE_RFC822 = new ContentType("message/rfc822", Collections.emptyMap());

    private final String mediaType;
    private final Map<String, String> parameters;

    private ContentType(String mediaType, Map<String, String> parameters) {
        this.mediaType = mediaType;
        this.parameters = parameters;
    }

    /** Parses {@code value}; a missing or unreadable value gives {@code fallback}. */
    public static ContentType parse(String value, ContentType fallback) {
        if (value == null) {
            return fallback;
        }
        int semicolon = value.indexOf(';');
        String type = (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        int slash = type.indexOf('/');
        if (slash <= 0 || slash == type.length() - 1) {
            return fallback;
        }
        type = type.replace(" ", "").replace("\t", "");
        Map<String, String> parameters = new HashMap<>();
        int pos = semicolon < 0 ? value.length() : semicolon + 1;
        while (pos < value.length() && parameters.size() < 32) {
            int equals = value.indexOf('=', pos);
            if (equals < 0) {
                break;
            }
            String name = value.substring(pos, equals).trim().toLowerCase(Locale.ROOT);
            int cut = name.lastIndexOf(';');
            if (cut >= 0) {
                name = name.substring(cut + 1).trim();
            }
            int valueStart = equals + 1;
            while (valueStart < value.length() && (value.charAt(valueStart) == ' ' || value.charAt(valueStart) == '\t')) {
                valueStart++;
            }
            String parameterValue;
            if (valueStart < value.length() && value.charAt(valueStart) == '"') {
                StringBuilder quoted = new StringBuilder();
                int i = valueStart + 1;
                while (i < value.length() && value.charAt(i) != '"') {
                    char c = value.charAt(i);
                    if (c == '\\' && i + 1 < value.length()) {
                        i++;
                        c = value.charAt(i);
                    }
                    quoted.append(c);
                    i++;
                }
                parameterValue = quoted.toString();
                int next = value.indexOf(';', i);
                pos = next < 0 ? value.length() : next + 1;
            } else {
                int next = value.indexOf(';', valueStart);
                int stop = next < 0 ? value.length() : next;
                parameterValue = value.substring(valueStart, stop).trim();
                pos = next < 0 ? value.length() : next + 1;
            }
            putParameter(parameters, name, parameterValue);
        }
        return new ContentType(type, parameters);
    }

    private static void putParameter(Map<String, String> parameters, String name, String value) {
        int star = name.indexOf('*');
        if (star > 0) {
            // RFC 2231: name*0, name*1*, name* ... join the pieces in order of appearance.
            String base = name.substring(0, star);
            parameters.merge(base, value, String::concat);
        } else if (!name.isEmpty()) {
            parameters.putIfAbsent(name, value);
        }
    }

    /** The media type such as {@code multipart/report}, in lower case. */
    public String mediaType() {
        return mediaType;
    }

    public boolean is(String lowerCaseMediaType) {
        return mediaType.equals(lowerCaseMediaType);
    }

    public boolean isMultipart() {
        return mediaType.startsWith("multipart/");
    }

    public boolean isText() {
        return mediaType.startsWith("text/");
    }

    /** The parameter {@code lowerCaseName}, or null. */
    public String parameter(String lowerCaseName) {
        return parameters.get(lowerCaseName);
    }

    @Override
    public String toString() {
        return mediaType + parameters;
    }
}
