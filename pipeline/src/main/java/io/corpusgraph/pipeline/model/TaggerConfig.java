package io.corpusgraph.pipeline.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corpusgraph.pipeline.ModelLoadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code config.json} of a token-classification model (Hugging Face's {@code *ForTokenClassification}
 * export, docs/token-classification-contract.md §1): its labels by id and its position limit.
 *
 * @param labels       {@code id2label} in id order: {@code labels.get(i)} names logit {@code i}
 * @param maxPositions {@code max_position_embeddings} (512 when absent): no window may be longer
 * @param defaultThreshold {@code default_threshold}, the model's own threshold on aggregated scores, used when
 *                     the threshold setting is left at its default (null when absent; contract §1)
 */
public record TaggerConfig(List<String> labels, int maxPositions, Double defaultThreshold) {
    public static final String FILE = "config.json";
    private static final int DEFAULT_MAX_POSITIONS = 512;

    public TaggerConfig {
        labels = List.copyOf(labels);
    }

    /** Whether the folder's config.json has {@code id2label}: the family test of contract §1 (no error when not). */
    static boolean present(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readString(file));
            return root != null && root.isObject() && root.has("id2label");
        } catch (IOException e) {
            return false;
        }
    }

    public static TaggerConfig read(Path dir) {
        JsonNode root = JsonFiles.object(dir.resolve(FILE));
        JsonNode id2label = root.path("id2label");
        if (!id2label.isObject() || id2label.isEmpty()) {
            throw new ModelLoadException(FILE + ": id2label must be an object of label ids to labels, got " + id2label);
        }
        int n = id2label.size();
        String[] labels = new String[n];
        for (Iterator<Map.Entry<String, JsonNode>> it = id2label.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            int id;
            try {
                id = Integer.parseInt(entry.getKey().strip());
            } catch (NumberFormatException e) {
                throw new ModelLoadException(FILE + ": id2label key '" + entry.getKey() + "' is not a label id");
            }
            if (id < 0 || id >= n || labels[id] != null) {
                throw new ModelLoadException(FILE + ": id2label ids must be 0.." + (n - 1) + ", each once; got " + entry.getKey());
            }
            if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
                throw new ModelLoadException(FILE + ": id2label " + id + " must be a label name, got " + entry.getValue());
            }
            labels[id] = entry.getValue().asText();
        }
        JsonNode label2id = root.path("label2id");
        if (label2id.isObject()) {
            for (int id = 0; id < n; id++) {
                JsonNode back = label2id.get(labels[id]);
                if (back == null || !back.canConvertToInt() || back.intValue() != id) {
                    throw new ModelLoadException(FILE + ": label2id disagrees with id2label on '" + labels[id] + "'");
                }
            }
        }
        int maxPositions = DEFAULT_MAX_POSITIONS;
        JsonNode positions = root.get("max_position_embeddings");
        if (positions != null && !positions.isNull()) {
            if (!positions.isIntegralNumber() || positions.intValue() < 3) {
                throw new ModelLoadException(FILE + ": max_position_embeddings must be an integer of at least 3, got " + positions);
            }
            maxPositions = positions.intValue();
        }
        Double defaultThreshold = null;
        JsonNode threshold = root.get("default_threshold");
        if (threshold != null && !threshold.isNull()) {
            if (!threshold.isNumber() || threshold.doubleValue() < 0 || threshold.doubleValue() > 1) {
                throw new ModelLoadException(FILE + ": default_threshold must be a number from 0 to 1, got " + threshold);
            }
            defaultThreshold = threshold.doubleValue();
        }
        return new TaggerConfig(List.of(labels), maxPositions, defaultThreshold);
    }

    /**
     * The entity tags: each label without its B-/I-/E-/S- prefix, {@code O} left out, in label id order, once each.
     */
    public List<String> tags() {
        Set<String> tags = new LinkedHashSet<>();
        for (String label : labels) {
            String tag = label.length() > 2 && label.charAt(1) == '-' && "BIES".indexOf(label.charAt(0)) >= 0
                    ? label.substring(2) : label;
            if (!tag.equals("O")) {
                tags.add(tag);
            }
        }
        return new ArrayList<>(tags);
    }
}
