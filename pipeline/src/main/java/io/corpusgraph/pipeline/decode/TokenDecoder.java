package io.corpusgraph.pipeline.decode;

import io.corpusgraph.pipeline.ModelLoadException;
import io.corpusgraph.pipeline.onnx.OutputTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Token-level models score, per word and label, whether the word starts, ends, or is inside an entity.
 * A span (s, e) of label c is a candidate when the start score at s and the end score at e are above the
 * threshold and every inside score from s to e is at least the threshold; its score is the lowest of
 * those. GLiNER exports changed the output layout over time, so it is read from the model at load.
 */
public final class TokenDecoder implements WindowDecoder<List<Candidate>> {
    private static final int START = 0;
    private static final int END = 1;
    private static final int INSIDE = 2;

    /** Where the (start, end, inside) axis sits in the output. */
    public enum Layout {
        /** [B, W, C, 3], current GLiNER exports. */
        SCORES_LAST,
        /** [3, B, W, C], older GLiNER exports. */
        SCORES_FIRST;

        /** Decides from the output's declared shape (-1 = dynamic): the axis fixed at 3. */
        public static Layout of(long[] shape) {
            if (shape.length == 4 && shape[3] == 3) {
                return SCORES_LAST;
            }
            if (shape.length == 4 && shape[0] == 3) {
                return SCORES_FIRST;
            }
            throw new ModelLoadException("model.onnx: a token-level model's output must be [B, W, C, 3] or [3, B, W, C] "
                    + "with the 3 fixed in the graph, got " + Arrays.toString(shape));
        }
    }

    private final Layout layout;

    public TokenDecoder(Layout layout) {
        this.layout = layout;
    }

    @Override
    public List<Candidate> decode(OutputTensor output, int row, int wordCount, float threshold) {
        Scores scores = new Scores(output, row);
        List<Candidate> candidates = new ArrayList<>();
        int n = Math.min(wordCount, scores.words);
        for (int c = 0; c < scores.labels; c++) {
            for (int s = 0; s < n; s++) {
                float start = scores.p(START, s, c);
                if (!(start > threshold)) {
                    continue;
                }
                float lowest = start;
                for (int e = s; e < n; e++) {
                    float inside = scores.p(INSIDE, e, c);
                    if (inside < threshold) {
                        break; // every longer span contains this word too
                    }
                    lowest = Math.min(lowest, inside);
                    float end = scores.p(END, e, c);
                    if (end > threshold) {
                        candidates.add(new Candidate(s, e, c, Math.min(lowest, end)));
                    }
                }
            }
        }
        return candidates;
    }

    /** Probabilities of one batch row, whatever the layout. */
    private final class Scores {
        final float[] logits;
        final int row;
        final int batch;
        final int words;
        final int labels;

        Scores(OutputTensor output, int row) {
            this.logits = output.values();
            this.row = row;
            boolean last = layout == Layout.SCORES_LAST;
            this.batch = output.dim(last ? 0 : 1);
            this.words = output.dim(last ? 1 : 2);
            this.labels = output.dim(last ? 2 : 3);
        }

        float p(int kind, int word, int label) {
            int index = layout == Layout.SCORES_LAST
                    ? ((row * words + word) * labels + label) * 3 + kind
                    : ((kind * batch + row) * words + word) * labels + label;
            return WindowDecoder.sigmoid(logits[index]);
        }
    }
}
