package io.corpusgraph.pipeline.family;

import java.util.List;

import io.corpusgraph.pipeline.ModelDescription;
import io.corpusgraph.pipeline.RuntimeSettings;
import io.corpusgraph.pipeline.model.ModelBundle;

/**
 * Which {@link ModelFamily} a model folder holds. A folder with {@code gliner_config.json} is a GLiNER
 * model (span or token level, told apart by its config); that is the only family so far, so every
 * folder is read as one and a folder that is not fails with ModelBundle's message naming the missing file.
 */
public final class ModelFamilies {
    private ModelFamilies() {}

    /** Loads the folder's family and takes the JVM-wide ONNX session for it (created on first use). */
    public static ModelFamily load(RuntimeSettings settings) {
        return new GlinerFamily(ModelBundle.load(settings));
    }

    /**
     * Checks the folder without creating an ONNX session; when {@code labels} is not null, also that their
     * prompt is valid and fits the model's token limit (IllegalArgumentException).
     */
    public static ModelDescription describe(RuntimeSettings settings, List<String> labels) {
        return ModelBundle.describe(settings, labels);
    }
}
