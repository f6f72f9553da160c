package io.corpusgraph.pipeline.family;

import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.ModelDescription;
import io.corpusgraph.pipeline.RuntimeSettings;
import io.corpusgraph.pipeline.model.ModelBundle;
import io.corpusgraph.pipeline.model.ModelFolder;
import io.corpusgraph.pipeline.model.TaggerBundle;

/**
 * Which {@link ModelFamily} a model folder holds ({@link ModelFolder}, docs/token-classification-contract.md §1):
 * a folder with {@code gliner_config.json} is a GLiNER model (span or token level, told apart by its config);
 * otherwise a folder whose {@code config.json} has {@code id2label} is a token-classification (BIO) model;
 * any other folder fails with a message naming both files.
 */
public final class ModelFamilies {
    /** Special tokens around a window of the BERT-style tokenizers the contract expects ([CLS], [SEP]), for the driver's check. */
    private static final int SPECIAL_TOKENS = 2;

    private ModelFamilies() {}

    /** Loads the folder's family and takes the JVM-wide ONNX session for it (created on first use). */
    public static ModelFamily load(RuntimeSettings settings) {
        return switch (ModelFolder.of(settings.modelDir())) {
            case GLINER -> new GlinerFamily(ModelBundle.load(settings));
            case TOKEN_CLASSIFICATION -> new TokenClassificationFamily(TaggerBundle.load(settings));
        };
    }

    /**
     * Checks the folder without creating an ONNX session, and the spec's settings against it when {@code spec}
     * is not null: for GLiNER that the labels' prompt is valid and fits the model's token limit
     * (IllegalArgumentException); for token classification that the labels are the model's, that no relations are
     * asked for and that the stride fits the window (SettingsException).
     */
    public static ModelDescription describe(RuntimeSettings settings, ExtractionSpec spec) {
        return switch (ModelFolder.of(settings.modelDir())) {
            case GLINER -> ModelBundle.describe(settings, spec == null ? null : spec.labels());
            case TOKEN_CLASSIFICATION -> {
                ModelDescription model = TaggerBundle.describe(settings);
                if (spec != null) {
                    TokenClassificationFamily.tags(model, spec);
                    TokenClassificationFamily.windows(model, spec.tokenClassification(), SPECIAL_TOKENS);
                }
                yield model;
            }
        };
    }
}
