package io.corpusgraph.pipeline.decode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * GLiNER's greedy selection, run once over a whole document: take candidates from the most probable
 * down, accepting each one that does not clash with one already accepted.
 * <ul>
 *   <li>the same (start, end) clashes unless multi-label;</li>
 *   <li>flat: any overlap clashes; nested: only partial overlap clashes, containment does not.</li>
 * </ul>
 * Equal scores are taken in (start, end, label) order, so the result never depends on input order.
 */
public final class GreedySelector {
    private static final Comparator<Candidate> MOST_PROBABLE_FIRST = Comparator
            .comparing(Candidate::score, Comparator.reverseOrder())
            .thenComparingInt(Candidate::start)
            .thenComparingInt(Candidate::end)
            .thenComparingInt(Candidate::label);

    private final boolean flatNer;
    private final boolean multiLabel;

    public GreedySelector(boolean flatNer, boolean multiLabel) {
        this.flatNer = flatNer;
        this.multiLabel = multiLabel;
    }

    /** @return the accepted candidates ordered by start word; equal starts keep acceptance order */
    public List<Candidate> select(List<Candidate> candidates) {
        List<Candidate> ordered = new ArrayList<>(candidates);
        ordered.sort(MOST_PROBABLE_FIRST);
        List<Candidate> accepted = new ArrayList<>();
        // Accepted spans by start word: a span that can overlap [s, e] starts within [s - longest, e].
        TreeMap<Integer, List<Candidate>> byStart = new TreeMap<>();
        int longest = 0;
        for (Candidate candidate : ordered) {
            if (!clashesWithAny(candidate, byStart, longest)) {
                accepted.add(candidate);
                byStart.computeIfAbsent(candidate.start(), k -> new ArrayList<>()).add(candidate);
                longest = Math.max(longest, candidate.end() - candidate.start());
            }
        }
        accepted.sort(Comparator.comparingInt(Candidate::start));
        return accepted;
    }

    private boolean clashesWithAny(Candidate candidate, TreeMap<Integer, List<Candidate>> byStart, int longest) {
        for (Map.Entry<Integer, List<Candidate>> entry
                : byStart.subMap(candidate.start() - longest, true, candidate.end(), true).entrySet()) {
            for (Candidate other : entry.getValue()) {
                if (clashes(candidate, other)) {
                    return true;
                }
            }
        }
        return false;
    }

    boolean clashes(Candidate a, Candidate b) {
        if (a.start() == b.start() && a.end() == b.end()) {
            return !multiLabel;
        }
        boolean disjoint = a.start() > b.end() || b.start() > a.end();
        if (disjoint) {
            return false;
        }
        if (flatNer) {
            return true;
        }
        boolean nested = (a.start() <= b.start() && a.end() >= b.end()) || (b.start() <= a.start() && b.end() >= a.end());
        return !nested;
    }
}
