package io.corpusgraph.pipeline.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.corpusgraph.pipeline.TokenClassParams.Aggregation;

/**
 * Labels O, B-PER, I-PER. "John lives": Jo (not a subword), ##hn (subword), lives. Expected items worked out by
 * hand from contract §3.5.
 */
class WordAggregatorTest {
    private static final PreEntity JO = new PreEntity(new float[] {0.1f, 0.7f, 0.2f}, 0, 2, false);
    private static final PreEntity HN = new PreEntity(new float[] {0.2f, 0.3f, 0.5f}, 2, 4, true);
    private static final PreEntity LIVES = new PreEntity(new float[] {0.8f, 0.1f, 0.1f}, 5, 10, false);
    private static final List<PreEntity> TOKENS = List.of(JO, HN, LIVES);

    private static List<TaggedItem> aggregate(Aggregation strategy, List<PreEntity> tokens) {
        return new WordAggregator(strategy).aggregate(tokens);
    }

    @Test
    void simpleScoresEveryToken() {
        assertEquals(List.of(new TaggedItem(1, 0.7f, 0, 2), new TaggedItem(2, 0.5f, 2, 4), new TaggedItem(0, 0.8f, 5, 10)),
                aggregate(Aggregation.SIMPLE, TOKENS));
    }

    @Test
    void firstTakesTheFirstTokensScores() {
        assertEquals(List.of(new TaggedItem(1, 0.7f, 0, 4), new TaggedItem(0, 0.8f, 5, 10)), aggregate(Aggregation.FIRST, TOKENS));
    }

    /** (0.1 + 0.2) / 2 = 0.15, (0.7 + 0.3) / 2 = 0.5, (0.2 + 0.5) / 2 = 0.35: B-PER at 0.5. */
    @Test
    void averageTakesTheMeanScores() {
        List<TaggedItem> items = aggregate(Aggregation.AVERAGE, TOKENS);
        assertEquals(2, items.size());
        assertEquals(1, items.get(0).label());
        assertEquals(0.5f, items.get(0).score(), 1e-6);
        assertEquals(0, items.get(0).start());
        assertEquals(4, items.get(0).end());
    }

    /** Jo's best score 0.7 beats ##hn's 0.5: Jo's label and score. */
    @Test
    void maxTakesTheMostConfidentToken() {
        assertEquals(List.of(new TaggedItem(1, 0.7f, 0, 4), new TaggedItem(0, 0.8f, 5, 10)), aggregate(Aggregation.MAX, TOKENS));
    }

    /** Both tokens' best score is 0.6: the earlier token decides (O), as Python's max keeps the first. */
    @Test
    void maxTiesGoToTheEarlierToken() {
        List<PreEntity> word = List.of(new PreEntity(new float[] {0.6f, 0.4f, 0f}, 0, 2, false),
                new PreEntity(new float[] {0f, 0.4f, 0.6f}, 2, 4, true));
        assertEquals(List.of(new TaggedItem(0, 0.6f, 0, 4)), aggregate(Aggregation.MAX, word));
    }

    /** Equal scores: the lowest label id. */
    @Test
    void argmaxTiesGoToTheLowestLabel() {
        List<PreEntity> token = List.of(new PreEntity(new float[] {0.2f, 0.4f, 0.4f}, 0, 1, false));
        assertEquals(List.of(new TaggedItem(1, 0.4f, 0, 1)), aggregate(Aggregation.SIMPLE, token));
    }

    /** A window that starts inside a word: its leading subwords make a word of their own. */
    @Test
    void aLeadingSubwordStartsAWord() {
        assertEquals(List.of(new TaggedItem(2, 0.5f, 2, 4), new TaggedItem(0, 0.8f, 5, 10)),
                aggregate(Aggregation.FIRST, List.of(HN, LIVES)));
    }
}
