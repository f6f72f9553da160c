package io.corpusgraph.pipeline.model;

import io.corpusgraph.pipeline.ModelLoadException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which kind of model a folder holds (docs/token-classification-contract.md §1): a folder with
 * {@code gliner_config.json} is GLiNER; otherwise one whose {@code config.json} has {@code id2label} is token
 * classification; otherwise it is neither, and the error names both files.
 */
public enum ModelFolder {
    GLINER, TOKEN_CLASSIFICATION;

    /** @throws ModelLoadException when the folder is missing or holds neither kind */
    public static ModelFolder of(Path modelDir) {
        Path dir = ModelBundle.checkFolder(modelDir);
        if (Files.isRegularFile(dir.resolve(GlinerConfig.FILE))) {
            return GLINER;
        }
        if (TaggerConfig.present(dir)) {
            return TOKEN_CLASSIFICATION;
        }
        throw new ModelLoadException("not a model folder: " + dir + " has neither " + GlinerConfig.FILE
                + " (a GLiNER model) nor a " + TaggerConfig.FILE + " with id2label (a token-classification model)");
    }

    /** As {@link #of}, but a folder that is missing or holds neither kind reads as GLiNER (whose loading then says what is missing). */
    public static ModelFolder guess(Path modelDir) {
        try {
            return of(modelDir);
        } catch (ModelLoadException e) {
            return GLINER;
        }
    }
}
