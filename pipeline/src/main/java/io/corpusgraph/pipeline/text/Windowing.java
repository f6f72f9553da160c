package io.corpusgraph.pipeline.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a long document into overlapping windows, each within the model's word limit and token
 * budget, so that no text is dropped. Overlap lets an entity cut by one window's edge be seen whole
 * by the next; the decoder merges the windows' candidates afterwards.
 */
public final class Windowing {
    private final int maxWords;
    private final int overlap;
    private final int tokenBudget;

    /**
     * @param maxWords    at most this many words per window
     * @param overlap     words shared by consecutive windows, clamped to {@code [0, maxWords - 1]}
     * @param tokenBudget tokens available to the text once the prompt is in
     */
    public Windowing(int maxWords, int overlap, int tokenBudget) {
        if (maxWords < 1 || tokenBudget < 1) {
            throw new IllegalArgumentException("maxWords and tokenBudget must be positive: " + maxWords + ", " + tokenBudget);
        }
        this.maxWords = maxWords;
        this.overlap = Math.max(0, Math.min(overlap, maxWords - 1));
        this.tokenBudget = tokenBudget;
    }

    /**
     * @param subTokens sub-token count of every word of the document; a word longer than the budget
     *                  costs the budget (the encoder keeps only that many of its sub-tokens)
     */
    public List<Window> windows(int[] subTokens) {
        int n = subTokens.length;
        List<Window> windows = new ArrayList<>();
        if (n == 0) {
            return windows;
        }
        int start = 0;
        while (true) {
            int end = start;
            int used = 0;
            while (end < n && end - start < maxWords && used + cost(subTokens[end]) <= tokenBudget) {
                used += cost(subTokens[end]);
                end++;
            }
            windows.add(new Window(start, end));
            if (end >= n) {
                return windows;
            }
            start = end - overlap > start ? end - overlap : end;
        }
    }

    private int cost(int subTokens) {
        return Math.min(subTokens, tokenBudget);
    }
}
