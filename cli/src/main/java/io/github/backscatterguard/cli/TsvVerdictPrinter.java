package io.github.backscatterguard.cli;

import java.io.PrintWriter;

/**
 * {@code path<TAB>kind<TAB>evidence}, exactly one line per file. A backslash, tab, carriage return
 * or line feed inside the path or the evidence is written as {@code \\}, {@code \t}, {@code \r} or
 * {@code \n}, so the line and column counts stay exact.
 */
final class TsvVerdictPrinter implements VerdictPrinter {

    @Override
    public void print(FileVerdict fileVerdict, PrintWriter out) {
        out.print(escape(fileVerdict.path().toString()));
        out.print('\t');
        out.print(fileVerdict.verdict().kind().code());
        out.print('\t');
        out.print(escape(fileVerdict.verdict().evidenceText()));
        out.print('\n');
    }

    static String escape(String field) {
        if (!needsEscape(field)) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length() + 8);
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            switch (c) {
                case '\\':
                    out.append("\\\\");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
