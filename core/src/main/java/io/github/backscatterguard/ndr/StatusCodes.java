package io.github.backscatterguard.ndr;

/**
 * Finds RFC 3463 enhanced status codes ({@code class.subject.detail}, e.g. {@code 5.1.1}) with a
 * hand-written scanner: no regular expression, linear in the text.
 */
final class StatusCodes {
    private StatusCodes() {
    }

    /** The first code of class 2, 4 or 5 in {@code text}, or null. */
    static String first(String text) {
        return next(text, 0, text.length(), false);
    }

    /**
     * The next code in [from, to) that stands alone (not part of a version number or address): of
     * class 4 or 5 when {@code failureOnly}, else also of class 2.
     */
    static String next(String text, int from, int to, boolean failureOnly) {
        int end = Math.min(to, text.length());
        for (int i = from; i + 4 < end + 1; i++) {
            char c = text.charAt(i);
            if ((c == '2' && !failureOnly) || c == '4' || c == '5') {
                int length = codeLength(text, i, end);
                if (length > 0) {
                    return text.substring(i, i + length);
                }
            }
        }
        return null;
    }

    /** The length of a code starting at {@code i}, or 0 if none starts there. */
    static int codeLength(String text, int i, int end) {
        if (i > 0) {
            char before = text.charAt(i - 1);
            if (Character.isLetterOrDigit(before) || before == '.') {
                return 0;
            }
        }
        if (i + 1 >= end || text.charAt(i + 1) != '.') {
            return 0;
        }
        int j = i + 2;
        int digits = countDigits(text, j, end, 3);
        if (digits == 0 || j + digits >= end || text.charAt(j + digits) != '.') {
            return 0;
        }
        j += digits + 1;
        digits = countDigits(text, j, end, 3);
        if (digits == 0) {
            return 0;
        }
        j += digits;
        if (j < end) {
            char after = text.charAt(j);
            if (Character.isLetterOrDigit(after) || (after == '.' && j + 1 < end && Character.isDigit(text.charAt(j + 1)))) {
                return 0;
            }
        }
        return j - i;
    }

    private static int countDigits(String text, int from, int end, int max) {
        int n = 0;
        while (from + n < end && n <= max && Character.isDigit(text.charAt(from + n))) {
            n++;
        }
        return n > max ? 0 : n;
    }
}
