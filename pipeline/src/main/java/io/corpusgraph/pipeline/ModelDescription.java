package io.corpusgraph.pipeline;

import java.nio.file.Path;

/**
 * What a model folder holds, known without starting ONNX Runtime.
 *
 * @param modelId    {@code <folder name>@<first 12 hex chars of sha256(model.onnx)>}: the same on every machine
 * @param modelDir   the folder, absolute and normalised
 * @param spanMode   GLiNER's {@code span_mode}, e.g. {@code markerV0} (span model) or {@code token_level}
 * @param maxWidth   the longest span in words a span model scores
 * @param maxLen     the most words the model was trained to read at once (the window length)
 * @param tokenLimit the encoder's position limit: no input may be longer, prompt included
 */
public record ModelDescription(String modelId, Path modelDir, String spanMode, int maxWidth, int maxLen, int tokenLimit) {

    public boolean tokenLevel() {
        return "token_level".equals(spanMode);
    }
}
