package io.corpusgraph.jobs.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.corpusgraph.pipeline.text.Words;

/**
 * One annotated sentence of a gold corpus, in word positions, and for character-offset formats also in
 * characters.
 *
 * @param id         the dataset's name and the sentence's number, unique in a run
 * @param words      the gold tokens: the model reads exactly these words
 * @param entities   gold entities
 * @param unaligned  gold entities whose characters do not start and end on word boundaries (character-offset
 *                   formats only): no word-level prediction can match them, so they count as missed
 * @param relations  gold relations between gold entities
 * @param text       the sentence as the file has it (character-offset formats), or null: the words joined by spaces
 * @param characters the gold entities in code points of {@code text} (start and end inclusive), every one of
 *                   them (character-offset formats), or null
 */
public record GoldSentence(String id, List<String> words, List<Span> entities, List<Span> unaligned,
                           List<SpanRelation> relations, String text, List<Span> characters) {

    public GoldSentence {
        words = List.copyOf(words);
        entities = List.copyOf(entities);
        unaligned = List.copyOf(unaligned);
        relations = List.copyOf(relations);
        characters = characters == null ? null : List.copyOf(characters);
    }

    /** A sentence of a word-level format. */
    public GoldSentence(String id, List<String> words, List<Span> entities, List<Span> unaligned, List<SpanRelation> relations) {
        this(id, words, entities, unaligned, relations, null, null);
    }

    /** The same sentence with every entity type and relation type renamed. */
    public GoldSentence withLabels(UnaryOperator<String> rename) {
        return new GoldSentence(id, words,
                entities.stream().map(s -> renamed(s, rename)).toList(),
                unaligned.stream().map(s -> renamed(s, rename)).toList(),
                relations.stream().map(r -> new SpanRelation(renamed(r.head(), rename), rename.apply(r.type()), renamed(r.tail(), rename))).toList(),
                text,
                characters == null ? null : characters.stream().map(s -> renamed(s, rename)).toList());
    }

    /**
     * The sentence scored by characters, as a token-classification model is (its entities need not fall on word
     * boundaries): the text the file has (a word-level format's words joined by single spaces) and the gold entities
     * in code points of it, start and end inclusive, none unaligned. Relations are left out (such a model finds none).
     */
    public GoldSentence byCharacters() {
        if (text != null && characters != null) {
            return new GoldSentence(id, words, characters, List.of(), List.of(), text, characters);
        }
        Words joined = Words.joined(words);
        List<Span> spans = new ArrayList<>();
        for (Span s : entities) {
            spans.add(new Span(joined.codePointStart(s.start()), joined.codePointEnd(s.end()) - 1, s.label()));
        }
        return new GoldSentence(id, words, spans, List.of(), List.of(), String.join(" ", words), spans);
    }

    private static Span renamed(Span span, UnaryOperator<String> rename) {
        return new Span(span.start(), span.end(), rename.apply(span.label()));
    }
}
