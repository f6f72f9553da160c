package io.corpusgraph.jobs.evaluate;

import java.util.Collection;
import java.util.List;

/**
 * A dataset's relation counts, end to end: heads and tails are the model's own entities (as GLiNER's
 * multitask evaluation does), so a relation is right only when both of its entities were found with exactly
 * the gold spans and the relation pass gave it the gold type.
 *
 * @param labels the relation labels the model was prompted with; each gets a row, even with no gold
 */
public record RelationScores(List<String> labels, LabelCounts counts) {

    public RelationScores(List<String> labels) {
        this(List.copyOf(labels), new LabelCounts());
        labels.forEach(counts::include);
    }

    /** Adds one sentence: {@code predicted} in word positions of the gold tokens. */
    public void add(Collection<SpanRelation> predicted, GoldSentence gold) {
        RelationMatching.add(counts, predicted, gold.relations());
    }
}
