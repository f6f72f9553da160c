package io.corpusgraph.pipeline.text;

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
