package io.corpusgraph.pipeline.encode;

/** A document's words as sub-tokens: word {@code i} is {@code ids[first[i]] … ids[first[i + 1] - 1]}. */
public record WordTokens(long[] ids, int[] first) {

    public int wordCount() {
        return first.length - 1;
    }

    public int subTokens(int word) {
        return first[word + 1] - first[word];
    }

    public int[] subTokenCounts() {
        int[] counts = new int[wordCount()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = subTokens(i);
        }
        return counts;
    }
}
