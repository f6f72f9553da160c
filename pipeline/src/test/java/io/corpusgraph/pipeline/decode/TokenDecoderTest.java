package io.corpusgraph.pipeline.decode;

import io.corpusgraph.pipeline.ModelLoadException;
import io.corpusgraph.pipeline.onnx.OutputTensor;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenDecoderTest {
    private static final int WORDS = 5;
    private static final int LABELS = 2;
    // Probabilities for row 0, label 1; [kind][word], kind = start, end, inside. Label 0 stays low.
    private static final double[][] SCORES = {
            {0.9, 0.2, 0.7, 0.2, 0.2},   // start at 0 and 2
            {0.2, 0.8, 0.2, 0.6, 0.95},  // end at 1, 3, 4
            {0.9, 0.85, 0.55, 0.65, 0.4} // inside drops below 0.5 at word 4
    };

    private static OutputTensor scoresLast(int rows) {
        float[] logits = Logits.low(rows * WORDS * LABELS * 3);
        for (int kind = 0; kind < 3; kind++) {
            for (int w = 0; w < WORDS; w++) {
                logits[((w) * LABELS + 1) * 3 + kind] = Logits.of(SCORES[kind][w]);
            }
        }
        return new OutputTensor(new long[] {rows, WORDS, LABELS, 3}, logits);
    }

    private static OutputTensor scoresFirst(int rows) {
        float[] logits = Logits.low(3 * rows * WORDS * LABELS);
        for (int kind = 0; kind < 3; kind++) {
            for (int w = 0; w < WORDS; w++) {
                logits[((kind * rows) * WORDS + w) * LABELS + 1] = Logits.of(SCORES[kind][w]);
            }
        }
        return new OutputTensor(new long[] {3, rows, WORDS, LABELS}, logits);
    }

    private static float p(double probability) {
        return WindowDecoder.sigmoid(Logits.of(probability));
    }

    @Test
    void spanNeedsStartAndEndAboveAndEveryInsideAtLeastTheThresholdAndScoresTheMinimum() {
        List<Candidate> candidates = new TokenDecoder(TokenDecoder.Layout.SCORES_LAST).decode(scoresLast(2), 0, WORDS, 0.5f);
        assertEquals(new HashSet<>(List.of(
                new Candidate(0, 1, 1, p(0.8)),     // min(start .9, inside .9 .85, end .8)
                new Candidate(0, 3, 1, p(0.55)),    // inside .55 at word 2
                new Candidate(2, 3, 1, p(0.55)))),  // word 4 ends above but its inside is .4
                new HashSet<>(candidates));
    }

    @Test
    void bothOutputLayoutsDecodeTheSame() {
        List<Candidate> last = new TokenDecoder(TokenDecoder.Layout.SCORES_LAST).decode(scoresLast(2), 0, WORDS, 0.5f);
        List<Candidate> first = new TokenDecoder(TokenDecoder.Layout.SCORES_FIRST).decode(scoresFirst(2), 0, WORDS, 0.5f);
        assertEquals(last, first);
    }

    @Test
    void wordsPastTheWindowArePadding() {
        List<Candidate> candidates = new TokenDecoder(TokenDecoder.Layout.SCORES_LAST).decode(scoresLast(1), 0, 2, 0.5f);
        assertEquals(List.of(new Candidate(0, 1, 1, p(0.8))), candidates);
    }

    @Test
    void layoutComesFromTheAxisFixedAtThree() {
        assertEquals(TokenDecoder.Layout.SCORES_LAST, TokenDecoder.Layout.of(new long[] {-1, -1, -1, 3}));
        assertEquals(TokenDecoder.Layout.SCORES_FIRST, TokenDecoder.Layout.of(new long[] {3, -1, -1, -1}));
        assertThrows(ModelLoadException.class, () -> TokenDecoder.Layout.of(new long[] {-1, -1, -1, -1}));
    }
}
