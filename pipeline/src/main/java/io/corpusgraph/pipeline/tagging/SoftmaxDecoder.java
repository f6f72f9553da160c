package io.corpusgraph.pipeline.tagging;

import io.corpusgraph.pipeline.decode.WindowDecoder;
import io.corpusgraph.pipeline.onnx.OutputTensor;

/**
 * One window's rows of the {@code logits} [B, T, labels] output → label probabilities of its content tokens
 * (contract §3.3): softmax over the label axis, the row's maximum subtracted first. The threshold is not used
 * here: it applies to aggregated scores.
 */
public final class SoftmaxDecoder implements WindowDecoder<float[][]> {
    private final int contentOffset;

    /** @param contentOffset the special tokens before a window's content ({@code [CLS]}: 1) */
    public SoftmaxDecoder(int contentOffset) {
        this.contentOffset = contentOffset;
    }

    @Override
    public float[][] decode(OutputTensor output, int row, int tokenCount, float threshold) {
        int width = output.dim(1);
        int labels = output.dim(2);
        float[][] scores = new float[tokenCount][];
        for (int t = 0; t < tokenCount; t++) {
            scores[t] = softmax(output.values(), ((long) row * width + contentOffset + t) * labels, labels);
        }
        return scores;
    }

    static float[] softmax(float[] values, long from, int count) {
        int base = Math.toIntExact(from);
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, values[base + i]);
        }
        double[] exp = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            exp[i] = Math.exp(values[base + i] - max);
            sum += exp[i];
        }
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) (exp[i] / sum);
        }
        return out;
    }
}
