package io.corpusgraph.pipeline.decode;

import io.corpusgraph.pipeline.onnx.OutputTensor;

import java.util.List;

/**
 * Reads one window's result out of a batch output: what differs between model families. GLiNER's decoders give
 * candidates ({@code T = List<Candidate>}); a token-classification model's gives per-token label probabilities.
 */
public interface WindowDecoder<T> {

    /**
     * @param row       the window's row in the batch
     * @param wordCount the window's words (for a token-classification model: its content tokens); positions past
     *                  it are padding
     * @return for GLiNER: candidates with word indexes relative to the window, each with probability above
     *         {@code threshold}
     */
    T decode(OutputTensor output, int row, int wordCount, float threshold);

    /** GLiNER's probabilities are float32 sigmoids. */
    static float sigmoid(float logit) {
        return (float) (1.0 / (1.0 + Math.exp(-logit)));
    }
}
