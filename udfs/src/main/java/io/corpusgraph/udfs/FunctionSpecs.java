package io.corpusgraph.udfs;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.SettingsException;
import io.corpusgraph.pipeline.spec.SpecConfig;

/**
 * The SQL functions' arguments and options → an {@link ExtractionSpec}, through {@link SpecConfig} like every
 * command: the labels become {@code extraction.labels} (and {@code relations.labels}), the options are keys of
 * conf/extract.conf layered over its bundled defaults. Only the sections that shape an extraction may be given
 * ({@code model.*}, {@code extraction.*}, and {@code relations.*} for {@code corpusgraph_relations}); the labels are
 * arguments, never options.
 */
final class FunctionSpecs {

    /** Distinct (labels, options) a JVM keeps resolved; a query normally has one. */
    private static final int CACHED = 256;
    private static final Map<List<Object>, ExtractionSpec> CACHE = new ConcurrentHashMap<>();

    private FunctionSpecs() {}

    /** As {@link #read}, resolved once per JVM for the same arguments: rows of a query share their spec. */
    static ExtractionSpec cached(String function, List<String> labels, List<String> relationLabels, Map<String, String> options) {
        List<Object> key = Arrays.asList(function, labels, relationLabels, options);
        ExtractionSpec spec = CACHE.get(key);
        if (spec == null) {
            spec = read(function, labels, relationLabels, options);
            if (CACHE.size() >= CACHED) {
                CACHE.clear();
            }
            CACHE.put(key, spec);
        }
        return spec;
    }

    /**
     * @param relationLabels null for {@code corpusgraph_entities}, which takes no relation settings
     * @throws SettingsException naming the function and the key or value that is wrong
     */
    static ExtractionSpec read(String function, List<String> labels, List<String> relationLabels, Map<String, String> options) {
        Map<String, String> given = options == null ? Map.of() : options;
        Map<String, Object> values = new LinkedHashMap<>(SpecConfig.values(given, function + " option"));
        for (String key : given.keySet()) {
            checkScope(function, key, relationLabels != null);
        }
        if (labels == null) {
            throw new SettingsException(function + ": labels is null; give them as an array, e.g. array('person', 'organization')");
        }
        values.put("extraction.labels", labels);
        values.put("relations.labels", relationLabels == null ? List.of() : relationLabels);
        try {
            return SpecConfig.read(values);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(function + ": " + e.getMessage(), e);
        }
    }

    private static void checkScope(String function, String key, boolean relations) {
        if (key.equals("extraction.labels") || key.equals("relations.labels")) {
            throw new SettingsException(function + " option " + key + ": the labels are an argument of the function, not an option");
        }
        boolean allowed = key.startsWith("model.") || key.startsWith("extraction.") || (relations && key.startsWith("relations."));
        if (!allowed) {
            throw new SettingsException(function + " option " + key + ": not a setting of this function (it takes model.*, extraction.*"
                    + (relations ? " and relations.*" : "") + " keys of conf/extract.conf)");
        }
    }
}
