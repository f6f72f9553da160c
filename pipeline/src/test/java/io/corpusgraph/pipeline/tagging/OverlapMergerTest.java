package io.corpusgraph.pipeline.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Contract §3.8 (Hugging Face's aggregate_overlapping_entities), worked out by hand. */
class OverlapMergerTest {
    private final OverlapMerger merger = new OverlapMerger();

    /**
     * Window 1: PER [0,5) 0.9, LOC [10,15) 0.8. Window 2: PER [2,8) 0.7, LOC [10,15) 0.9, ORG [20,22) 0.5.
     * By start: [0,5), [2,8) starts inside it and is longer: replaces it; [10,15) 0.8, then [10,15) 0.9 starts
     * inside, equally long, higher: replaces it; [20,22) is apart.
     */
    @Test
    void longerThenHigherWins() {
        TaggedSpan x1 = new TaggedSpan("PER", 0.9f, 0, 5);
        TaggedSpan x2 = new TaggedSpan("LOC", 0.8f, 10, 15);
        TaggedSpan y1 = new TaggedSpan("PER", 0.7f, 2, 8);
        TaggedSpan y2 = new TaggedSpan("LOC", 0.9f, 10, 15);
        TaggedSpan y3 = new TaggedSpan("ORG", 0.5f, 20, 22);
        assertEquals(List.of(y1, y2, y3), merger.merge(List.of(x1, x2, y1, y2, y3)));
    }

    /** Equally long and not strictly higher: the earlier (by start, then window order) stays. */
    @Test
    void tiesKeepTheEarlier() {
        TaggedSpan a = new TaggedSpan("PER", 0.8f, 3, 6);
        TaggedSpan b = new TaggedSpan("LOC", 0.8f, 3, 6);
        TaggedSpan c = new TaggedSpan("ORG", 0.9f, 4, 5);
        assertEquals(List.of(a), merger.merge(List.of(a, b, c)));
    }

    /** Touching is not overlapping: [0,3) and [3,5) both stay. */
    @Test
    void adjacentEntitiesStay() {
        TaggedSpan a = new TaggedSpan("PER", 0.8f, 0, 3);
        TaggedSpan b = new TaggedSpan("PER", 0.6f, 3, 5);
        assertEquals(List.of(a, b), merger.merge(List.of(b, a)));
    }
}
