package io.corpusgraph.pipeline.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Groups worked out by hand from contract §3.6 (Hugging Face's group_entities, extended for BIOES). */
class EntityGrouperTest {

    private static List<TaggedSpan> group(List<String> labels, TaggedItem... items) {
        return new EntityGrouper(labels).group(List.of(items));
    }

    private static void assertSpans(List<TaggedSpan> expected, List<TaggedSpan> actual) {
        assertEquals(expected.size(), actual.size(), actual.toString());
        for (int i = 0; i < expected.size(); i++) {
            TaggedSpan e = expected.get(i);
            TaggedSpan a = actual.get(i);
            assertEquals(e.tag(), a.tag(), actual.toString());
            assertEquals(e.start(), a.start(), actual.toString());
            assertEquals(e.end(), a.end(), actual.toString());
            assertEquals(e.score(), a.score(), 1e-6, actual.toString());
        }
    }

    @Test
    void schemesAreReadFromTheLabelNames() {
        assertEquals(TagScheme.BIO, TagScheme.of(List.of("O", "B-PER", "I-PER")));
        assertEquals(TagScheme.BIOES, TagScheme.of(List.of("O", "B-PER", "I-PER", "E-PER", "S-PER")));
        assertEquals(TagScheme.BIOES, TagScheme.of(List.of("O", "S-PER")));
        assertEquals(TagScheme.IO, TagScheme.of(List.of("O", "I-PER")));
        assertEquals(TagScheme.IO, TagScheme.of(List.of("O", "PER", "LOC")));
    }

    /**
     * B-PER I-PER | O | I-LOC (after O: opens) | B-PER (B: opens) | I-LOC (after B-PER: opens) I-LOC.
     * Scores: PER (0.9 + 0.7) / 2 = 0.8; LOC (0.4 + 0.2) / 2 = 0.3.
     */
    @Test
    void bioGroupsAndIllFormedSequences() {
        List<String> labels = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
        assertSpans(List.of(
                        new TaggedSpan("PER", 0.8f, 0, 3),
                        new TaggedSpan("O", 0.8f, 4, 5),
                        new TaggedSpan("LOC", 0.6f, 6, 7),
                        new TaggedSpan("PER", 0.5f, 8, 9),
                        new TaggedSpan("LOC", 0.3f, 10, 13)),
                group(labels,
                        new TaggedItem(1, 0.9f, 0, 1), new TaggedItem(2, 0.7f, 2, 3),
                        new TaggedItem(0, 0.8f, 4, 5),
                        new TaggedItem(4, 0.6f, 6, 7),
                        new TaggedItem(1, 0.5f, 8, 9),
                        new TaggedItem(4, 0.4f, 10, 11), new TaggedItem(4, 0.2f, 12, 13)));
    }

    /** B-PER B-PER: two entities; O O: one group of O (dropped later). */
    @Test
    void aBeginAlwaysOpens() {
        List<String> labels = List.of("O", "B-PER", "I-PER");
        assertSpans(List.of(new TaggedSpan("PER", 0.9f, 0, 1), new TaggedSpan("PER", 0.7f, 2, 3), new TaggedSpan("O", 0.5f, 4, 8)),
                group(labels, new TaggedItem(1, 0.9f, 0, 1), new TaggedItem(1, 0.7f, 2, 3),
                        new TaggedItem(0, 0.6f, 4, 5), new TaggedItem(0, 0.4f, 6, 8)));
    }

    /**
     * B E | I (after a closed group: opens) | S | S | E (after S, closed: opens).
     */
    @Test
    void bioesEndAndSingleClose() {
        List<String> labels = List.of("O", "B-X", "I-X", "E-X", "S-X");
        assertSpans(List.of(
                        new TaggedSpan("X", 0.8f, 0, 2),
                        new TaggedSpan("X", 0.5f, 2, 3),
                        new TaggedSpan("X", 0.6f, 3, 4),
                        new TaggedSpan("X", 0.4f, 4, 5),
                        new TaggedSpan("X", 0.2f, 5, 6)),
                group(labels, new TaggedItem(1, 0.9f, 0, 1), new TaggedItem(3, 0.7f, 1, 2), new TaggedItem(2, 0.5f, 2, 3),
                        new TaggedItem(4, 0.6f, 3, 4), new TaggedItem(4, 0.4f, 4, 5), new TaggedItem(3, 0.2f, 5, 6)));
    }

    /** B I I E: one group; an I-Y inside a group of X opens a group of Y. */
    @Test
    void bioesLongEntityAndTagChange() {
        List<String> labels = List.of("O", "B-X", "I-X", "E-X", "S-X", "B-Y", "I-Y", "E-Y", "S-Y");
        assertSpans(List.of(new TaggedSpan("X", 0.5f, 0, 4), new TaggedSpan("Y", 0.3f, 4, 6)),
                group(labels, new TaggedItem(1, 0.8f, 0, 1), new TaggedItem(2, 0.6f, 1, 2), new TaggedItem(2, 0.4f, 2, 3),
                        new TaggedItem(3, 0.2f, 3, 4), new TaggedItem(6, 0.3f, 4, 6)));
    }

    /** Labels without prefixes read as I- of themselves: runs of one tag are one group. */
    @Test
    void ioRunsAreGroups() {
        List<String> labels = List.of("O", "PER", "LOC");
        assertSpans(List.of(new TaggedSpan("PER", 0.75f, 0, 2), new TaggedSpan("LOC", 0.9f, 2, 3)),
                group(labels, new TaggedItem(1, 1.0f, 0, 1), new TaggedItem(1, 0.5f, 1, 2), new TaggedItem(2, 0.9f, 2, 3)));
    }
}
