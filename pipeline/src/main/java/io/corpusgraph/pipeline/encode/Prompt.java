package io.corpusgraph.pipeline.encode;

import java.util.List;

/**
 * The encoded label prompt {@code [CLS] <<ENT>> l1 <<ENT>> l2 … <<SEP>> … [SEP]} split around the
 * place where a window's words go: every window's input is {@code prefix + word tokens + suffix}.
 *
 * @param labels     the labels in prompt order; label id {@code c + 1} is {@code labels.get(c)}
 * @param prefix     the leading special tokens and the prompt's tokens
 * @param suffix     the trailing special tokens
 * @param textBudget tokens left for a window's words
 */
public record Prompt(List<String> labels, long[] prefix, long[] suffix, int textBudget) {

    /** Tokens of the prompt alone, special tokens included. */
    public int tokenCount() {
        return prefix.length + suffix.length;
    }

    /** The same prompt with less room for text: windows then leave the rest of the token limit free. */
    public Prompt withTextBudget(int budget) {
        return new Prompt(labels, prefix, suffix, budget);
    }
}
