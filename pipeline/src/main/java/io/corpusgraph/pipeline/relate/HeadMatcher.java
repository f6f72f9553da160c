package io.corpusgraph.pipeline.relate;

import io.corpusgraph.pipeline.RelationParams;
import io.corpusgraph.pipeline.Entity;
import io.corpusgraph.pipeline.Relation;
import io.corpusgraph.pipeline.decode.Candidate;

import java.util.ArrayList;
import java.util.List;

/**
 * Ties a predicted tail and the head text of its label to two entities of the document. The tail is the
 * entity with exactly the tail's words; the head, among the entities with the head text, the one nearest to
 * the tail (fewest words between them; never the tail itself; ties: the earlier head, then the earlier tail
 * entity), among the pairs the schema allows. No entity for the tail or the head: the relation is dropped
 * and counted, never reported dangling. Entities found but no allowed pair: the schema filters it (not counted).
 */
final class HeadMatcher {
    record Outcome(List<Relation> relations, int dropped) {}

    private final List<Candidate> spans;
    private final List<Entity> entities;
    private final RelationParams params;

    /** @param spans the entities' word ranges, in the order of {@code entities} */
    HeadMatcher(List<Candidate> spans, List<Entity> entities, RelationParams params) {
        this.spans = spans;
        this.entities = entities;
        this.params = params;
    }

    /** @param headTexts head text of each tail, by position in {@code tails} */
    Outcome match(List<Candidate> tails, List<String> headTexts, List<String> relationOfTail) {
        List<Relation> relations = new ArrayList<>();
        int dropped = 0;
        for (int i = 0; i < tails.size(); i++) {
            Candidate tail = tails.get(i);
            int[] best = null;
            int bestGap = Integer.MAX_VALUE;
            boolean anyPair = false;
            for (int t = 0; t < entities.size(); t++) {
                if (spans.get(t).start() != tail.start() || spans.get(t).end() != tail.end()) {
                    continue;
                }
                for (int h = 0; h < entities.size(); h++) {
                    if (h == t || !entities.get(h).text().equals(headTexts.get(i))) {
                        continue;
                    }
                    anyPair = true;
                    if (!params.allows(entities.get(h).label(), entities.get(t).label())) {
                        continue;
                    }
                    int gap = gap(spans.get(h), spans.get(t));
                    if (best == null || gap < bestGap || (gap == bestGap && (h < best[0] || (h == best[0] && t < best[1])))) {
                        best = new int[] {h, t};
                        bestGap = gap;
                    }
                }
            }
            if (!anyPair) {
                dropped++;
            } else if (best != null) {
                relations.add(new Relation(entities.get(best[0]), entities.get(best[1]), relationOfTail.get(i), tail.score()));
            }
        }
        return new Outcome(relations, dropped);
    }

    /** Words between two inclusive word ranges; 0 when they overlap. */
    private static int gap(Candidate a, Candidate b) {
        return Math.max(0, Math.max(a.start() - b.end(), b.start() - a.end()));
    }
}
