package io.corpusgraph.pipeline.decode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GreedySelectorTest {
    private static final Candidate OUTER = new Candidate(0, 3, 0, 0.9f);    // words 0..3
    private static final Candidate INNER = new Candidate(1, 2, 1, 0.8f);    // nested in OUTER
    private static final Candidate PARTIAL = new Candidate(3, 5, 1, 0.85f); // overlaps OUTER at word 3
    private static final Candidate AFTER = new Candidate(6, 6, 0, 0.6f);    // disjoint
    private static final Candidate SAME_SPAN = new Candidate(0, 3, 1, 0.7f); // OUTER's words, other label

    private static List<Candidate> select(boolean flat, boolean multi, Candidate... candidates) {
        return new GreedySelector(flat, multi).select(List.of(candidates));
    }

    @Test
    void flatAcceptsNoOverlapAtAll() {
        assertEquals(List.of(OUTER, AFTER), select(true, false, INNER, PARTIAL, OUTER, AFTER, SAME_SPAN));
    }

    @Test
    void nestedAcceptsContainmentButNotPartialOverlap() {
        assertEquals(List.of(OUTER, INNER, AFTER), select(false, false, INNER, PARTIAL, OUTER, AFTER, SAME_SPAN));
    }

    @Test
    void multiLabelAcceptsTheSameSpanAgainWithAnotherLabel() {
        assertEquals(List.of(OUTER, SAME_SPAN, AFTER), select(true, true, INNER, PARTIAL, OUTER, AFTER, SAME_SPAN));
    }

    @Test
    void partialOverlapWinsWhenMoreProbable() {
        Candidate strongPartial = new Candidate(3, 5, 1, 0.95f);
        assertEquals(List.of(INNER, strongPartial), select(false, false, OUTER, INNER, strongPartial));
    }

    @Test
    void equalScoresAreTakenInStartEndLabelOrderWhateverTheInputOrder() {
        Candidate a = new Candidate(2, 3, 1, 0.7f);
        Candidate b = new Candidate(3, 4, 0, 0.7f);
        Candidate c = new Candidate(2, 3, 0, 0.7f);
        List<Candidate> input = new ArrayList<>(List.of(a, b, c));
        for (int i = 0; i < 3; i++) {
            Collections.rotate(input, 1);
            assertEquals(List.of(c), new GreedySelector(true, false).select(input));
            assertEquals(List.of(c, a), new GreedySelector(true, true).select(input));
        }
    }

    @Test
    void resultIsOrderedByStartAndEqualStartsKeepAcceptanceOrder() {
        Candidate wide = new Candidate(4, 6, 0, 0.6f);
        Candidate narrow = new Candidate(4, 4, 1, 0.9f);
        Candidate first = new Candidate(0, 0, 0, 0.55f);
        assertEquals(List.of(first, narrow, wide), select(false, false, wide, first, narrow));
    }

    @Test
    void longAcceptedSpansStillBlockLaterOverlaps() {
        Candidate longSpan = new Candidate(0, 40, 0, 0.9f);
        Candidate insideTail = new Candidate(39, 41, 1, 0.8f);
        assertEquals(List.of(longSpan), select(true, false, longSpan, insideTail));
    }
}
