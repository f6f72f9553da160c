package io.corpusgraph.pipeline;

import java.io.Serializable;

/**
 * How a token-classification (BIO) model reads a document (docs/token-classification-contract.md §3); a GLiNER
 * model ignores these. Defaults: {@code extraction.token-classification} in conf/extract.conf.
 *
 * @param aggregation  how token scores become scored words or tokens
 * @param windowTokens tokens per window, {@code [CLS]} and {@code [SEP]} included, at most the model's
 *                     {@code max_position_embeddings}
 * @param stride       tokens shared by consecutive windows; below the window's content tokens
 */
public record TokenClassParams(Aggregation aggregation, int windowTokens, int stride) implements Serializable {

    /**
     * Hugging Face's aggregation strategies (contract §3.5): {@code simple} scores every token on its own;
     * {@code first}, {@code average} and {@code max} score whole words.
     */
    public enum Aggregation { SIMPLE, FIRST, AVERAGE, MAX }

    public TokenClassParams {
        if (aggregation == null) {
            throw new SettingsException("extraction.token-classification.aggregation: must be one of simple, first, average, max");
        }
        Checks.atLeast("extraction.token-classification.window-tokens", windowTokens, 3);
        Checks.atLeast("extraction.token-classification.stride", stride, 0);
    }

    /** The settings as one line, for runs.output_settings. */
    @Override
    public String toString() {
        return "aggregation=" + aggregation.name().toLowerCase(java.util.Locale.ROOT) + " window-tokens=" + windowTokens
                + " stride=" + stride;
    }
}
