package io.corpusgraph.jobs.evaluate;

import java.util.Collection;

/** Relation scores: a predicted relation is right when its head span, tail span and type are exactly a gold relation's. */
public final class RelationMatching {

    private RelationMatching() {}

    /** Adds one sentence, counted per relation type; the entity types of head and tail do not matter. */
    public static void add(LabelCounts counts, Collection<SpanRelation> predicted, Collection<SpanRelation> gold) {
        counts.add(predicted.stream().map(SpanRelation::positions).toList(),
                gold.stream().map(SpanRelation::positions).toList(), SpanRelation::type);
    }
}
