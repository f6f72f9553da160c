package io.corpusgraph.jobs.evaluate;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One annotated sentence of a gold corpus, in word positions.
 *
 * @param id         the dataset's name and the sentence's number, unique in a run
 * @param words      the gold tokens: the model reads exactly these words
 * @param entities   gold entities
 * @param unaligned  gold entities whose characters do not start and end on word boundaries (character-offset
 *                   formats only): no word-level prediction can match them, so they count as missed
 * @param relations  gold relations between gold entities
 */
public record GoldSentence(String id, List<String> words, List<Span> entities, List<Span> unaligned,
                           List<SpanRelation> relations) {

    public GoldSentence {
        words = List.copyOf(words);
        entities = List.copyOf(entities);
        unaligned = List.copyOf(unaligned);
        relations = List.copyOf(relations);
    }

    /** The same sentence with every entity type and relation type renamed. */
    public GoldSentence withLabels(UnaryOperator<String> rename) {
        return new GoldSentence(id, words,
                entities.stream().map(s -> renamed(s, rename)).toList(),
                unaligned.stream().map(s -> renamed(s, rename)).toList(),
                relations.stream().map(r -> new SpanRelation(renamed(r.head(), rename), rename.apply(r.type()), renamed(r.tail(), rename))).toList());
    }

    private static Span renamed(Span span, UnaryOperator<String> rename) {
        return new Span(span.start(), span.end(), rename.apply(span.label()));
    }
}
