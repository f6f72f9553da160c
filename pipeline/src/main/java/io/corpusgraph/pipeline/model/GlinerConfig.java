package io.corpusgraph.pipeline.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.corpusgraph.pipeline.ModelLoadException;

import java.nio.file.Path;

/**
 * The settings of {@code gliner_config.json} the pipeline needs. Keys GLiNER itself gives defaults
 * for fall back to the same defaults; {@code class_token_index} and {@code span_mode} have none.
 *
 * @param tokenLimit {@code encoder_config.max_position_embeddings}, else 512
 */
public record GlinerConfig(
        int maxWidth,
        int maxLen,
        String entToken,
        String sepToken,
        int classTokenIndex,
        String spanMode,
        int tokenLimit) {

    public static final String FILE = "gliner_config.json";
    private static final int DEFAULT_TOKEN_LIMIT = 512;

    public boolean tokenLevel() {
        return "token_level".equals(spanMode);
    }

    public static GlinerConfig read(Path modelDir) {
        JsonNode root = JsonFiles.object(modelDir.resolve(FILE));
        String splitter = text(root, "words_splitter_type", "whitespace");
        if (!splitter.equals("whitespace")) {
            throw new ModelLoadException(FILE + ": words_splitter_type '" + splitter
                    + "' is not supported (only 'whitespace', GLiNER's regex splitter)");
        }
        JsonNode encoder = root.path("encoder_config");
        int tokenLimit = encoder.has("max_position_embeddings")
                ? positive("encoder_config.max_position_embeddings", encoder.get("max_position_embeddings"))
                : DEFAULT_TOKEN_LIMIT;
        return new GlinerConfig(
                positiveOr(root, "max_width", 12),
                positiveOr(root, "max_len", 384),
                text(root, "ent_token", "<<ENT>>"),
                text(root, "sep_token", "<<SEP>>"),
                required(root, "class_token_index"),
                requiredText(root, "span_mode"),
                tokenLimit);
    }

    private static int required(JsonNode root, String key) {
        if (!root.hasNonNull(key)) {
            throw new ModelLoadException(FILE + ": missing key '" + key + "'");
        }
        JsonNode value = root.get(key);
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0) {
            throw new ModelLoadException(FILE + ": key '" + key + "' must be a non-negative integer, got " + value);
        }
        return value.intValue();
    }

    private static int positiveOr(JsonNode root, String key, int fallback) {
        return root.hasNonNull(key) ? positive(key, root.get(key)) : fallback;
    }

    private static int positive(String key, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
            throw new ModelLoadException(FILE + ": key '" + key + "' must be a positive integer, got " + value);
        }
        return value.intValue();
    }

    private static String requiredText(JsonNode root, String key) {
        if (!root.hasNonNull(key)) {
            throw new ModelLoadException(FILE + ": missing key '" + key + "'");
        }
        return text(root, key, null);
    }

    private static String text(JsonNode root, String key, String fallback) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new ModelLoadException(FILE + ": key '" + key + "' must be a non-empty string, got " + value);
        }
        return value.textValue();
    }
}
