package io.corpusgraph.pipeline;

import java.nio.file.Path;

/**
 * Where the model is and what runs it: fixed for the life of a JVM-wide extractor.
 *
 * @param modelDir       folder with model.onnx, gliner_config.json and tokenizer.json
 * @param device         {@code auto} (CUDA when a GPU is visible, else CPU), {@code cpu}, {@code cuda} or {@code cuda:N}
 * @param intraOpThreads ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose
 */
public record RuntimeSettings(Path modelDir, String device, int intraOpThreads) {
    public static RuntimeSettings cpu(Path modelDir) {
        return new RuntimeSettings(modelDir, "cpu", 0);
    }
}
