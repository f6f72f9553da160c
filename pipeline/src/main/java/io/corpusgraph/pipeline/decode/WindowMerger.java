package io.corpusgraph.pipeline.decode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers one document's candidates from all its windows in document word positions. Where windows
 * overlap, the same (start, end, label) may be scored twice; the higher score is kept, so the result
 * does not depend on where a window edge fell.
 */
public final class WindowMerger {
    private record Key(int start, int end, int label) {}

    private final Map<Key, Candidate> best = new HashMap<>();

    /** @param windowStart the window's first word in the document */
    public void add(List<Candidate> windowCandidates, int windowStart) {
        for (Candidate local : windowCandidates) {
            Candidate candidate = local.shifted(windowStart);
            best.merge(new Key(candidate.start(), candidate.end(), candidate.label()), candidate,
                    (a, b) -> b.score() > a.score() ? b : a);
        }
    }

    public List<Candidate> candidates() {
        return new ArrayList<>(best.values());
    }
}
