package io.corpusgraph.pipeline.relate;

import io.corpusgraph.pipeline.encode.Prompt;
import io.corpusgraph.pipeline.encode.PromptEncoder;
import io.corpusgraph.pipeline.encode.WordTokens;
import io.corpusgraph.pipeline.text.WordSplitter;

import java.util.ArrayList;
import java.util.List;

/**
 * The prompts of GLiNER's prompted relation extraction (gliner/multitask/relation_extraction.py): the text
 * is preceded by the words of {@value #PREFIX} and every label reads {@code "{head text} <> {relation}"}.
 * Labels grow with entities × relations, so they are packed, in order, into as many passes over a window as
 * the model's token limit needs: nothing is truncated.
 * <p>
 * Room: a pass costs [CLS], the labels (each {@code <<ENT>>} plus its tokens), {@code <<SEP>>}, the prefix,
 * the window's words and [SEP]. So that every window leaves room for labels, NER windows are cut to at most
 * {@code tokenLimit - }{@link #reservedTokens()} text tokens and {@code max_len - }{@link #reservedWords()}
 * words when relations are asked for ({@value #LABEL_RESERVE} tokens stay for labels at the least).
 */
public final class RelationPrompts {
    public static final String PREFIX = "Extract relationships between entities from the text: ";
    /** Tokens every window leaves for relation labels, at the least. */
    public static final int LABEL_RESERVE = 128;
    private static final String SEPARATOR = " <> ";

    private final PromptEncoder encoder;
    private final WordTokens prefix;
    private final int overhead;

    public RelationPrompts(PromptEncoder encoder, WordSplitter splitter) {
        this.encoder = encoder;
        this.prefix = encoder.tokenize(splitter.split(PREFIX));
        // [CLS], <<SEP>> and [SEP] (the model's marker tokens are single tokens), then the prefix
        this.overhead = 3 + prefix.ids().length;
    }

    public static String label(String head, String relation) {
        return head + SEPARATOR + relation;
    }

    /** The prefix words' tokens, which go before every window's words. */
    public WordTokens prefix() {
        return prefix;
    }

    public int reservedTokens() {
        return overhead + LABEL_RESERVE;
    }

    public int reservedWords() {
        return prefix.wordCount();
    }

    /**
     * The labels packed in order into prompts that each fit the token limit together with a window of
     * {@code windowTokens} text tokens. A label too long for any pass is left out.
     */
    public List<Prompt> passes(List<String> labels, int windowTokens) {
        int budget = encoder.tokenLimit() - overhead - windowTokens;
        List<List<String>> packed = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int used = 0;
        for (String label : labels) {
            int cost = 1 + encoder.wordIds(label).length;
            if (cost > budget) {
                continue;
            }
            if (used + cost > budget) {
                packed.add(current);
                current = new ArrayList<>();
                used = 0;
            }
            current.add(label);
            used += cost;
        }
        if (!current.isEmpty()) {
            packed.add(current);
        }
        int textTokens = prefix.ids().length + windowTokens;
        return packed.stream().map(passLabels -> encoder.prompt(passLabels, textTokens)).toList();
    }
}
