package io.corpusgraph.pipeline.decode;

import java.util.Arrays;

/** Hand-made model outputs: logits chosen so that sigmoid gives a wanted probability. */
final class Logits {
    private Logits() {}

    static float of(double probability) {
        return (float) Math.log(probability / (1 - probability));
    }

    /** All positions at a clearly negative logit (probability ~0.0067). */
    static float[] low(int size) {
        float[] values = new float[size];
        Arrays.fill(values, -5f);
        return values;
    }
}
