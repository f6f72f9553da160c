package io.corpusgraph.pipeline.text;

import java.util.List;

/**
 * The words of one text. Word {@code i} spans code points {@code [codePointStart(i), codePointEnd(i))},
 * which is what results report; the UTF-16 offsets are kept alongside so cutting substrings stays cheap.
 */
public final class Words {
    private final String text;
    private final int[] charStarts;
    private final int[] charEnds;
    private final int[] codePointStarts;
    private final int[] codePointEnds;

    Words(String text, int[] charStarts, int[] charEnds, int[] codePointStarts, int[] codePointEnds) {
        this.text = text;
        this.charStarts = charStarts;
        this.charEnds = charEnds;
        this.codePointStarts = codePointStarts;
        this.codePointEnds = codePointEnds;
    }

    /**
     * Words that were split elsewhere (the tokens of a gold corpus), laid out in a text that joins them
     * with single spaces. They are taken as they are: a token is one word even where GLiNER's regex would
     * split it.
     */
    public static Words joined(List<String> words) {
        int n = words.size();
        int[] charStarts = new int[n];
        int[] charEnds = new int[n];
        int[] cpStarts = new int[n];
        int[] cpEnds = new int[n];
        int at = 0;
        int cpAt = 0;
        for (int i = 0; i < n; i++) {
            String word = words.get(i);
            charStarts[i] = at;
            cpStarts[i] = cpAt;
            at += word.length();
            cpAt += word.codePointCount(0, word.length());
            charEnds[i] = at;
            cpEnds[i] = cpAt;
            at++;  // the space
            cpAt++;
        }
        return new Words(String.join(" ", words), charStarts, charEnds, cpStarts, cpEnds);
    }

    public String text() {
        return text;
    }

    public int count() {
        return charStarts.length;
    }

    public String word(int i) {
        return text.substring(charStarts[i], charEnds[i]);
    }

    public int codePointStart(int i) {
        return codePointStarts[i];
    }

    public int codePointEnd(int i) {
        return codePointEnds[i];
    }

    /** The original text from the start of word {@code first} to the end of word {@code last} (inclusive). */
    public String textBetween(int first, int last) {
        return text.substring(charStarts[first], charEnds[last]);
    }
}
