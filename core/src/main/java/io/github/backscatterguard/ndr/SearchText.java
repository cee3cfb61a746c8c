package io.github.backscatterguard.ndr;

/**
 * Normalises text for phrase search: ASCII letters to lower case, every run of blanks and line
 * breaks to one space, HTML tags dropped and the few entities that matter decoded, typographic
 * apostrophes (also as UTF-8 bytes read as ISO-8859-1) turned into {@code '}. Output is bounded.
 */
final class SearchText {
    private SearchText() {
    }

    /** Where normalised chars go: a phrase scan or a buffer. */
    interface Sink {
        void accept(char c);

        /** How many chars were accepted so far. */
        int count();

        boolean lastWasSpace();
    }

    /** A sink that collects the normalised text, for headers and tests. */
    static final class Buffer implements Sink {
        final StringBuilder text = new StringBuilder();

        @Override
        public void accept(char c) {
            text.append(c);
        }

        @Override
        public int count() {
            return text.length();
        }

        @Override
        public boolean lastWasSpace() {
            return text.length() == 0 || text.charAt(text.length() - 1) == ' ';
        }
    }

    /** Feeds the normalised form of {@code text} to {@code out} until it has taken {@code max} chars. */
    static void append(String text, boolean html, Sink out, int max) {
        int length = text.length();
        boolean space = out.lastWasSpace();
        int budget = max - out.count();
        for (int i = 0; i < length && budget > 0; i++) {
            char c = text.charAt(i);
            if (html && c == '<') {
                int close = text.indexOf('>', i);
                if (close < 0) {
                    break;
                }
                if (regionIs(text, i + 1, "style") || regionIs(text, i + 1, "script")) {
                    int endTag = indexOfIgnoreCase(text, regionIs(text, i + 1, "style") ? "</style" : "</script", close);
                    close = endTag < 0 ? length - 1 : Math.max(close, text.indexOf('>', endTag));
                    if (close < 0) {
                        break;
                    }
                }
                i = close;
                c = ' ';
            } else if (html && c == '&') {
                int semicolon = text.indexOf(';', i);
                if (semicolon > i && semicolon - i <= 8) {
                    String entity = text.substring(i + 1, semicolon);
                    c = entity(entity);
                    i = semicolon;
                }
            } else if (c == '\u00e2' && i + 2 < length && text.charAt(i + 1) == '\u0080'
                && (text.charAt(i + 2) == '\u0099' || text.charAt(i + 2) == '\u0098')) {
                c = '\'';
                i += 2;
            } else if (c == '\u00c2' && i + 1 < length && text.charAt(i + 1) == '\u00a0') {
                c = ' ';
                i += 1;
            }
            if (c == '\u2019' || c == '\u2018') {
                c = '\'';
            }
            if (c <= ' ' || c == '\u00a0') {
                if (!space) {
                    out.accept(' ');
                    budget--;
                    space = true;
                }
                continue;
            }
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            out.accept(c);
            budget--;
            space = false;
        }
    }

    /** The normalised form of a decoded (Unicode) header such as Subject: full lower-casing. */
    static String ofHeader(String value) {
        if (value == null) {
            return "";
        }
        Buffer out = new Buffer();
        append(value.toLowerCase(java.util.Locale.ROOT), false, out, 4096);
        return out.text.toString().trim();
    }

    private static char entity(String entity) {
        switch (entity) {
            case "nbsp":
            case "#160":
                return ' ';
            case "amp":
                return '&';
            case "lt":
                return '<';
            case "gt":
                return '>';
            case "#39":
            case "#x27":
            case "apos":
            case "rsquo":
            case "lsquo":
            case "#8217":
                return '\'';
            case "quot":
                return '"';
            default:
                return ' ';
        }
    }

    private static boolean regionIs(String text, int at, String lowerWord) {
        return text.regionMatches(true, at, lowerWord, 0, lowerWord.length());
    }

    private static int indexOfIgnoreCase(String text, String lowerNeedle, int from) {
        // Bounded by the text length; the needle is short, so this is linear in practice.
        for (int i = Math.max(from, 0); i <= text.length() - lowerNeedle.length(); i++) {
            if (text.charAt(i) == '<' && text.regionMatches(true, i, lowerNeedle, 0, lowerNeedle.length())) {
                return i;
            }
        }
        return -1;
    }
}
