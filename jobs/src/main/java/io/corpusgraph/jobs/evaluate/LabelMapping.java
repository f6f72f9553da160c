package io.corpusgraph.jobs.evaluate;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * GLiNER's protocol lower-cases gold types and prompt labels; a mapping then renames a gold type to the
 * label the model is prompted with (CoNLL-2003's {@code organisation} → {@code organization}).
 */
public final class LabelMapping {
    private final Map<String, String> renames = new TreeMap<>();

    public LabelMapping(Map<String, String> goldToPrompt) {
        goldToPrompt.forEach((gold, prompt) -> renames.put(lower(gold), lower(prompt)));
    }

    public String apply(String goldType) {
        String lower = lower(goldType);
        return renames.getOrDefault(lower, lower);
    }

    public Map<String, String> renames() {
        return renames;
    }

    public static String lower(String label) {
        return label.strip().toLowerCase(Locale.ROOT);
    }
}
