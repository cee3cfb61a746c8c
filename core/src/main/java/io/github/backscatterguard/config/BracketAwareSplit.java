package io.github.backscatterguard.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits configuration text on a separator that may also appear inside brackets, where it must
 * not split: the {@code .} and {@code ;} of a return-code filter such as {@code 127.0.0.[2..11]}
 * or {@code 127.0.0.[2;4]}.
 */
public final class BracketAwareSplit {
    private BracketAwareSplit() {
    }

    /** The parts of {@code text} between separators that stand outside {@code [...]}; empty parts kept. */
    public static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == separator && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
