package io.corpusgraph.pipeline.encode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Groups windows into model calls. Windows are sorted by token count and taken in that order; a batch
 * grows while {@code count × longest ≤ budget} and while padding stays at most a quarter of it. The
 * second bound matters when a few short texts and a few long ones share a call: padding costs as much
 * model time as real tokens, so one huge mixed batch is slower than several even ones.
 * A window longer than the budget on its own gets a batch to itself.
 */
public final class BatchPlanner {
    static final double MAX_PADDING_SHARE = 0.25;

    private final int tokenBudget;

    public BatchPlanner(int tokenBudget) {
        if (tokenBudget < 1) {
            throw new IllegalArgumentException("batch token budget must be positive, got " + tokenBudget);
        }
        this.tokenBudget = tokenBudget;
    }

    /** @return batches as indexes into {@code tokenCounts}; every index appears in exactly one batch */
    public List<int[]> plan(int[] tokenCounts) {
        Integer[] order = new Integer[tokenCounts.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> tokenCounts[i]));

        List<int[]> batches = new ArrayList<>();
        int from = 0;
        while (from < order.length) {
            int to = from + 1;
            long realTokens = tokenCounts[order[from]];
            while (to < order.length) {
                int longest = tokenCounts[order[to]]; // sorted ascending: the newcomer is the longest
                long withPadding = (long) (to - from + 1) * longest;
                long padding = withPadding - (realTokens + longest);
                if (withPadding > tokenBudget || padding > MAX_PADDING_SHARE * withPadding) {
                    break;
                }
                realTokens += longest;
                to++;
            }
            int[] batch = new int[to - from];
            for (int k = from; k < to; k++) {
                batch[k - from] = order[k];
            }
            batches.add(batch);
            from = to;
        }
        return batches;
    }
}
