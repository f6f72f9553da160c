package io.corpusgraph.pipeline.tagging;

import io.corpusgraph.pipeline.TokenClassParams.Aggregation;

import java.util.ArrayList;
import java.util.List;

/**
 * Token scores → items, as Hugging Face's token-classification pipeline aggregates them (contract §3.5).
 * <ul>
 *   <li>{@code simple}: one item per token, label {@code argmax(scores)}, score its value;</li>
 *   <li>{@code first}, {@code average}, {@code max}: one item per word; a word is a token that is not a subword
 *       and the subwords after it (a window's leading subword starts a word too). {@code first}: the first
 *       token's scores decide; {@code average}: the mean of the tokens' score vectors; {@code max}: the token whose
 *       highest score is highest decides. A word spans its first token's start to its last token's end.</li>
 * </ul>
 * Ties: {@code argmax} takes the lowest label id, {@code max} the earliest token (as numpy and Python's max do).
 */
public final class WordAggregator {
    private final Aggregation strategy;

    public WordAggregator(Aggregation strategy) {
        this.strategy = strategy;
    }

    /** @return the items in text order */
    public List<TaggedItem> aggregate(List<PreEntity> tokens) {
        List<TaggedItem> items = new ArrayList<>();
        if (strategy == Aggregation.SIMPLE) {
            for (PreEntity token : tokens) {
                int best = argmax(token.scores());
                items.add(new TaggedItem(best, token.scores()[best], token.start(), token.end()));
            }
            return items;
        }
        int from = 0;
        for (int i = 1; i <= tokens.size(); i++) {
            if (i == tokens.size() || !tokens.get(i).subword()) {
                if (i > from) {
                    items.add(word(tokens.subList(from, i)));
                }
                from = i;
            }
        }
        return items;
    }

    private TaggedItem word(List<PreEntity> word) {
        float[] scores = switch (strategy) {
            case FIRST -> word.get(0).scores();
            case MAX -> {
                PreEntity best = word.get(0);
                for (PreEntity token : word) {
                    if (max(token.scores()) > max(best.scores())) {
                        best = token;
                    }
                }
                yield best.scores();
            }
            case AVERAGE -> {
                double[] sums = new double[word.get(0).scores().length];
                for (PreEntity token : word) {
                    for (int l = 0; l < sums.length; l++) {
                        sums[l] += token.scores()[l];
                    }
                }
                float[] mean = new float[sums.length];
                for (int l = 0; l < sums.length; l++) {
                    mean[l] = (float) (sums[l] / word.size());
                }
                yield mean;
            }
            case SIMPLE -> throw new IllegalStateException("simple scores tokens, not words");
        };
        int best = argmax(scores);
        return new TaggedItem(best, scores[best], word.get(0).start(), word.get(word.size() - 1).end());
    }

    /** The lowest index of the highest value. */
    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static float max(float[] values) {
        return values[argmax(values)];
    }
}
