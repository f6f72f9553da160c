package io.corpusgraph.pipeline.spec;

import io.corpusgraph.pipeline.SettingsException;

/**
 * Refuses a list element that HOCON would silently join from quoted and unquoted pieces: {@code [say "hi"]} is the
 * one label {@code say hi}, which is never what was meant. Applied to the text of a {@code --set} value and of a
 * {@code --config} file before HOCON reads it. The rule: inside {@code [...]}, an element (up to a comma, a new line
 * or the closing bracket) may be one quoted string, or unquoted text, or a nested list or object, but not a quoted
 * string next to other text. Comments ({@code #}, {@code //}) and strings (with {@code \} escapes, and
 * triple-quoted) are skipped as HOCON skips them.
 */
final class ListConcatenation {
    private ListConcatenation() {}

    static void check(String text, String where) {
        StringBuilder open = new StringBuilder();  // the brackets and braces not yet closed, innermost last
        boolean quoted = false;
        boolean unquoted = false;
        int elementStart = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '#' || (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/')) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
                i--;
                continue;
            }
            boolean inList = open.length() > 0 && open.charAt(open.length() - 1) == '[';
            if (c == '"') {
                int end = text.startsWith("\"\"\"", i) ? text.indexOf("\"\"\"", i + 3) + 2 : closingQuote(text, i);
                if (inList) {
                    if (elementStart < 0) {
                        elementStart = i;
                    }
                    quoted = true;
                }
                i = end < i ? text.length() : end;
            } else if (c == '[' || c == '{') {
                if (inList && elementStart < 0) {
                    elementStart = i;  // a nested list or object is an element of its own
                }
                open.append(c);
                quoted = unquoted = false;
                elementStart = -1;
            } else if (c == '}') {
                if (open.length() > 0) {
                    open.setLength(open.length() - 1);
                }
            } else if (c == ']' || c == ',' || c == '\n') {
                if (inList && quoted && unquoted) {
                    String element = text.substring(elementStart, i).strip();
                    throw new SettingsException(where + ": the list element " + element + " mixes quoted and unquoted text, "
                            + "which HOCON joins into one string; put the whole element in quotes (\"...\") or separate "
                            + "the elements with commas");
                }
                quoted = unquoted = false;
                elementStart = -1;
                if (c == ']' && open.length() > 0) {
                    open.setLength(open.length() - 1);
                }
            } else if (inList && !Character.isWhitespace(c)) {
                if (elementStart < 0) {
                    elementStart = i;
                }
                unquoted = true;
            }
        }
    }

    /** The index of the quote that ends the string opening at {@code open}, or -1. */
    private static int closingQuote(String text, int open) {
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }
}
