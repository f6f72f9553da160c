package io.corpusgraph.pipeline.decode;

import io.corpusgraph.pipeline.onnx.OutputTensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Span models score every (start word, width, label): logits [B, W, K, C]. A span is a candidate
 * when its probability is strictly above the threshold and it ends inside the window.
 */
public final class SpanDecoder implements WindowDecoder<List<Candidate>> {

    @Override
    public List<Candidate> decode(OutputTensor output, int row, int wordCount, float threshold) {
        int words = output.dim(1);
        int widths = output.dim(2);
        int labels = output.dim(3);
        float[] logits = output.values();
        List<Candidate> candidates = new ArrayList<>();
        for (int s = 0; s < Math.min(wordCount, words); s++) {
            for (int w = 0; w < widths && s + w < wordCount; w++) {
                int base = ((row * words + s) * widths + w) * labels;
                for (int c = 0; c < labels; c++) {
                    float p = WindowDecoder.sigmoid(logits[base + c]);
                    if (p > threshold) {
                        candidates.add(new Candidate(s, s + w, c, p));
                    }
                }
            }
        }
        return candidates;
    }
}
