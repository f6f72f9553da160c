package io.corpusgraph.pipeline.decode;

import io.corpusgraph.pipeline.onnx.OutputTensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpanDecoderTest {
    // [B=2, W=3, K=2, C=2]
    private static int at(int b, int s, int w, int c) {
        return ((b * 3 + s) * 2 + w) * 2 + c;
    }

    @Test
    void keepsSpansStrictlyAboveTheThresholdThatEndInsideTheWindow() {
        float[] logits = Logits.low(2 * 3 * 2 * 2);
        logits[at(1, 0, 1, 1)] = Logits.of(0.9);   // words 0..1, label 1
        logits[at(1, 1, 0, 0)] = Logits.of(0.6);   // word 1, label 0
        logits[at(1, 1, 1, 0)] = Logits.of(0.99);  // words 1..2: past the window's 2 words
        logits[at(1, 2, 0, 0)] = Logits.of(0.99);  // word 2: padding
        logits[at(1, 0, 0, 0)] = 0f;               // exactly 0.5: not above the threshold
        logits[at(0, 0, 0, 0)] = Logits.of(0.95);  // another row
        OutputTensor output = new OutputTensor(new long[] {2, 3, 2, 2}, logits);

        List<Candidate> candidates = new SpanDecoder().decode(output, 1, 2, 0.5f);

        assertEquals(List.of(new Candidate(0, 1, 1, WindowDecoder.sigmoid(Logits.of(0.9))),
                new Candidate(1, 1, 0, WindowDecoder.sigmoid(Logits.of(0.6)))), candidates);
    }

    @Test
    void aHigherThresholdKeepsFewer() {
        float[] logits = Logits.low(2 * 3 * 2 * 2);
        logits[at(0, 0, 0, 0)] = Logits.of(0.7);
        logits[at(0, 1, 0, 1)] = Logits.of(0.8);
        OutputTensor output = new OutputTensor(new long[] {2, 3, 2, 2}, logits);
        assertEquals(2, new SpanDecoder().decode(output, 0, 3, 0.5f).size());
        assertEquals(List.of(new Candidate(1, 1, 1, WindowDecoder.sigmoid(Logits.of(0.8)))),
                new SpanDecoder().decode(output, 0, 3, 0.75f));
    }
}
