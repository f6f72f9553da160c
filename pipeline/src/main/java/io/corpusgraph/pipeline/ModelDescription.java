package io.corpusgraph.pipeline;

import java.nio.file.Path;
import java.util.List;

/**
 * What a model folder holds, known without starting ONNX Runtime.
 *
 * @param modelId    {@code <folder name>@<first 12 hex chars of sha256(graph)>} for the fp32 graph,
 *                   {@code <folder name>:int8@<…>} for the int8 one: the same on every machine, and it says
 *                   which graph ran
 * @param modelDir   the folder, absolute and normalised
 * @param graph      the ONNX file that runs ({@code model.onnx}, {@code model_quantized.onnx}, or the same in {@code onnx/})
 * @param variant    {@code fp32} or {@code int8} ({@link ModelVariant})
 * @param spanMode   GLiNER's {@code span_mode}, e.g. {@code markerV0} (span model) or {@code token_level}
 * @param maxWidth   the longest span in words a span model scores
 * @param maxLen     the most words the model was trained to read at once (the window length)
 * @param tokenLimit the encoder's position limit: no input may be longer, prompt included
 * @param tags       a token-classification model's entity tags (its config.json labels without B-/I-/E-/S- and
 *                   without {@code O}, in label id order); null for a GLiNER model, whose labels are a prompt
 */
public record ModelDescription(String modelId, Path modelDir, Path graph, String variant, String spanMode, int maxWidth,
                               int maxLen, int tokenLimit, List<String> tags) {

    /** {@link #spanMode} of a token-classification (BIO) model. */
    public static final String TOKEN_CLASSIFICATION = "token_classification";

    public ModelDescription {
        tags = tags == null ? null : List.copyOf(tags);
    }

    /** A fine-tuned tagger (config.json with id2label) rather than a GLiNER model: it brings its own labels. */
    public boolean tokenClassification() {
        return tags != null;
    }

    public boolean tokenLevel() {
        return "token_level".equals(spanMode);
    }
}
