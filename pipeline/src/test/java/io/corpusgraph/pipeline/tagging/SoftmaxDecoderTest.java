package io.corpusgraph.pipeline.tagging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.corpusgraph.pipeline.onnx.OutputTensor;

/** Softmax per token over the label axis, the window's [CLS] row skipped and padding ignored. */
class SoftmaxDecoderTest {

    /**
     * Batch of 2 rows × 4 positions × 2 labels. Row 1: [CLS] (1000, 0: never read), token 0 (0, ln 3) → 0.25, 0.75,
     * token 1 (1000, 1000) → 0.5, 0.5 (the max subtracted: no overflow), then padding.
     */
    @Test
    void softmaxOfTheContentTokens() {
        float ln3 = (float) Math.log(3);
        float[] values = new float[2 * 4 * 2];
        float[] row1 = {1000, 0, 0, ln3, 1000, 1000, 7, 7};
        System.arraycopy(row1, 0, values, 8, 8);
        float[][] scores = new SoftmaxDecoder(1).decode(new OutputTensor(new long[] {2, 4, 2}, values), 1, 2, 0.5f);
        assertEquals(2, scores.length);
        assertArrayEquals(new float[] {0.25f, 0.75f}, scores[0], 1e-6f);
        assertArrayEquals(new float[] {0.5f, 0.5f}, scores[1], 1e-6f);
    }
}
