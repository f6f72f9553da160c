package io.corpusgraph.jobs.evaluate;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A dataset's relation counts, end to end: heads and tails are the model's own entities (as GLiNER's
 * multitask evaluation does), so a relation is right only when both of its entities were found with exactly
 * the gold spans and the relation pass gave it the gold type.
 *
 * @param labels  the relation labels the model was prompted with; each gets a row, even with no gold
 * @param dropped relations the model found whose head or tail matched none of the sentence's entities: the
 *                pipeline does not write them, so they are neither right nor wrong here, but many of them
 *                mean the entity pass is what limits relation recall
 */
public record RelationScores(List<String> labels, LabelCounts counts, AtomicLong dropped) {

    public RelationScores(List<String> labels) {
        this(List.copyOf(labels), new LabelCounts(), new AtomicLong());
        labels.forEach(counts::include);
    }

    /** Adds one sentence: {@code predicted} in word positions of the gold tokens, and its dropped count. */
    public void add(Collection<SpanRelation> predicted, int droppedInSentence, GoldSentence gold) {
        RelationMatching.add(counts, predicted, gold.relations());
        dropped.addAndGet(droppedInSentence);
    }
}
