package io.corpusgraph.pipeline.decode;

import io.corpusgraph.pipeline.onnx.OutputTensor;

import java.util.List;

/** Reads one window's candidates out of a batch output: what differs between model families. */
public interface WindowDecoder {

    /**
     * @param row       the window's row in the batch
     * @param wordCount the window's words; positions past it are padding
     * @return candidates with word indexes relative to the window, each with probability above {@code threshold}
     */
    List<Candidate> decode(OutputTensor output, int row, int wordCount, float threshold);

    /** GLiNER's probabilities are float32 sigmoids. */
    static float sigmoid(float logit) {
        return (float) (1.0 / (1.0 + Math.exp(-logit)));
    }
}
