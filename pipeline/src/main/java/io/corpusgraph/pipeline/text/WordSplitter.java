package io.corpusgraph.pipeline.text;

import java.util.Arrays;

/**
 * Splits text into words exactly as GLiNER's whitespace splitter does: the regex
 * {@code \w+(?:[-_]\w+)*|\S} run by Python's {@code re} on a str. A hand-written code-point scanner
 * rather than {@link java.util.regex.Pattern}, because Java's {@code \w} and {@code \s} disagree with
 * Python's (Python counts every letter and number category and {@code _} as {@code \w}, combining marks
 * not; its whitespace includes U+001C..U+001F and U+0085) and because a scanner is several times faster.
 */
public final class WordSplitter {

    public Words split(String text) {
        int capacity = Math.max(8, text.length() / 4);
        int[] charStarts = new int[capacity];
        int[] charEnds = new int[capacity];
        int[] cpStarts = new int[capacity];
        int[] cpEnds = new int[capacity];
        int count = 0;

        int at = 0;       // UTF-16 index
        int cpAt = 0;     // code point index
        int length = text.length();
        while (at < length) {
            int cp = text.codePointAt(at);
            if (isSpace(cp)) {
                at += Character.charCount(cp);
                cpAt++;
                continue;
            }
            int start = at;
            int cpStart = cpAt;
            at += Character.charCount(cp);
            cpAt++;
            if (isWordChar(cp)) {
                // \w+ then any number of ([-_] \w+): a joiner only counts when a word character follows it.
                while (at < length) {
                    int next = text.codePointAt(at);
                    if (isWordChar(next)) {
                        at += Character.charCount(next);
                        cpAt++;
                    } else if ((next == '-' || next == '_') && at + 1 < length && isWordChar(text.codePointAt(at + 1))) {
                        at++;
                        cpAt++;
                    } else {
                        break;
                    }
                }
            }
            if (count == charStarts.length) {
                int grown = count * 2;
                charStarts = Arrays.copyOf(charStarts, grown);
                charEnds = Arrays.copyOf(charEnds, grown);
                cpStarts = Arrays.copyOf(cpStarts, grown);
                cpEnds = Arrays.copyOf(cpEnds, grown);
            }
            charStarts[count] = start;
            charEnds[count] = at;
            cpStarts[count] = cpStart;
            cpEnds[count] = cpAt;
            count++;
        }
        return new Words(text, Arrays.copyOf(charStarts, count), Arrays.copyOf(charEnds, count),
                Arrays.copyOf(cpStarts, count), Arrays.copyOf(cpEnds, count));
    }

    /** Python's {@code \w}: {@code str.isalnum()} (letters and numbers of every kind) or {@code _}. */
    static boolean isWordChar(int cp) {
        if (cp == '_') {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER:
                return true;
            default:
                return false;
        }
    }

    /** Python's {@code str.isspace()}: category Zs, or bidirectional class WS, B or S. */
    static boolean isSpace(int cp) {
        if (Character.getType(cp) == Character.SPACE_SEPARATOR) {
            return true;
        }
        switch (Character.getDirectionality(cp)) {
            case Character.DIRECTIONALITY_WHITESPACE, Character.DIRECTIONALITY_PARAGRAPH_SEPARATOR,
                    Character.DIRECTIONALITY_SEGMENT_SEPARATOR:
                return true;
            default:
                return false;
        }
    }
}
