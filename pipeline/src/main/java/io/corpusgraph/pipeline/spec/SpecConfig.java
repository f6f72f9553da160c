package io.corpusgraph.pipeline.spec;

import io.corpusgraph.pipeline.SettingsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;

import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.ModelVariant;
import io.corpusgraph.pipeline.RuntimeSettings;
import io.corpusgraph.pipeline.RelationParams;
import io.corpusgraph.pipeline.TokenClassParams;
import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.model.TaggerConfig;

/**
 * The one place an {@link ExtractionSpec} is built from settings: the {@code model}, {@code extraction} and
 * {@code relations} sections of conf/extract.conf (bundled on the classpath as {@value #RESOURCE}, which
 * holds every default), with whatever a command layered over it ({@link ConfigOptions}).
 */
public final class SpecConfig {
    /** conf/extract.conf as bundled in the pipeline jar. */
    public static final String RESOURCE = "extract.conf";

    private static volatile ExtractionSpec defaults;
    private static volatile Config known;

    private SpecConfig() {}

    /** The bundled conf, unresolved, so that layers above it can still set what it substitutes (home). */
    public static Config bundled() {
        return ConfigFactory.parseResources(RESOURCE, ConfigParseOptions.defaults().setAllowMissing(false));
    }

    /** The bundled conf, resolved: what decides which keys exist. */
    private static Config known() {
        Config k = known;
        if (k == null) {
            known = k = bundled().resolve();
        }
        return k;
    }

    /**
     * Settings given as text, {@code key → value}, as {@code --set} and the SQL functions' options take them: every key
     * must be one of conf/extract.conf's; a value starting with [ { or " is read as HOCON, anything else is a plain
     * string (the conf turns "0.3" or "true" into a number or boolean where the key needs one).
     *
     * @param where how the settings were given, the start of every error message (e.g. {@code --set})
     * @throws SettingsException naming the key that does not exist or the value that is not HOCON
     */
    public static Map<String, Object> values(Map<String, String> settings, String where) {
        Map<String, Object> values = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (key == null || !known().hasPathOrNull(key)) {
                throw new SettingsException(where + " " + key + ": no such setting (see conf/extract.conf for the keys)");
            }
            values.put(key, parseValue(where, key, value));
        });
        return values;
    }

    /**
     * The bundled defaults with {@code settings} (conf keys → values, as {@link #values} gives them) over them, as a
     * spec: the way the SQL functions read their arguments and options.
     */
    public static ExtractionSpec read(Map<String, Object> settings) {
        try {
            return read(ConfigFactory.parseMap(settings, "settings").withFallback(bundled()).resolve());
        } catch (ConfigException e) {
            throw new SettingsException("settings: " + e.getMessage(), e);
        }
    }

    private static Object parseValue(String where, String key, String value) {
        if (value != null && (value.startsWith("[") || value.startsWith("{") || value.startsWith("\""))) {
            ListConcatenation.check(value, where + " " + key);
            try {
                return ConfigFactory.parseString("value = " + value).getValue("value").unwrapped();
            } catch (ConfigException e) {
                throw new SettingsException(where + " " + key + ": " + value + " is not a HOCON value (" + e.getMessage() + ")");
            }
        }
        return value;
    }

    /** The bundled defaults as a spec. */
    public static ExtractionSpec defaults() {
        ExtractionSpec spec = defaults;
        if (spec == null) {
            defaults = spec = read(bundled().resolve());
        }
        return spec;
    }

    /** A resolved config → the spec; a bad value fails with a {@link SettingsException} that names its key. */
    public static ExtractionSpec read(Config c) {
        try {
            RuntimeSettings model = model(c);
            TaggerConfig tagger = tagger(model);
            List<String> labels = labels(c, tagger);
            ExtractionSpec.Mode mode = ConfigReads.choice(c, "extraction.mode", ExtractionSpec.Mode.class);
            return new ExtractionSpec(
                    model,
                    labels,
                    threshold(c, "extraction.threshold", tagger),
                    mode.flatNer,
                    mode.multiLabel,
                    ConfigReads.atLeast(c, "extraction.window-words", 0),
                    ConfigReads.atLeast(c, "extraction.window-overlap-words", 0),
                    ConfigReads.atLeast(c, "extraction.batch-token-budget", 0),
                    ConfigReads.atLeast(c, "extraction.documents-per-batch", 1),
                    ConfigReads.atLeast(c, "extraction.max-document-chars", 1),
                    new RelationParams(c.getStringList("relations.labels"), relationSchema(c),
                            ConfigReads.probability(c, "relations.threshold")),
                    tokenClassification(c));
        } catch (ConfigException e) {
            throw new SettingsException("settings: " + e.getMessage(), e);
        }
    }

    /**
     * extraction.labels. A GLiNER model is zero-shot: the labels are what it looks for, at least one. A
     * token-classification model brings its own labels: left at the bundled default (or empty), they are all of the
     * model's tags; set, they filter them (the family checks each is the model's). A model given as a URI is not
     * fetched here (each Spark JVM fetches it): its labels are taken as set, and a token-classification model then
     * refuses one it lacks, naming its own.
     */
    private static List<String> labels(Config c, TaggerConfig tagger) {
        List<String> labels = c.getStringList("extraction.labels");
        if (tagger != null) {
            return labels.isEmpty() || atBundledDefault(c, "extraction.labels") ? tagger.tags() : labels;
        }
        if (labels.isEmpty()) {
            throw new SettingsException("extraction.labels is empty: give at least one label, e.g. --labels person,organization");
        }
        return labels;
    }

    /**
     * A threshold setting ({@code extraction.threshold}, {@code evaluate.threshold}): as set; left at the bundled
     * default, a local token-classification model's own {@code default_threshold} when its config.json has one
     * (the value its card measured best), else the bundled default.
     */
    public static double threshold(Config c, String key, RuntimeSettings model) {
        return threshold(c, key, tagger(model));
    }

    private static double threshold(Config c, String key, TaggerConfig tagger) {
        double value = ConfigReads.probability(c, key);
        return tagger == null || tagger.defaultThreshold() == null || !atBundledDefault(c, key) ? value : tagger.defaultThreshold();
    }

    /**
     * The local model folder's token-classification config, read once per settings read; null for GLiNER, and for
     * a model given as a URI (not fetched here: each Spark JVM fetches it).
     */
    private static TaggerConfig tagger(RuntimeSettings model) {
        return model.remote() ? null : Extractor.taggerConfig(model.modelDir());
    }

    /** Whether {@code key} comes from the bundled conf/extract.conf (the user did not set it). */
    private static boolean atBundledDefault(Config c, String key) {
        return RESOURCE.equals(c.getValue(key).origin().resource());
    }

    /** extraction.token-classification: how a token-classification model reads documents. */
    public static TokenClassParams tokenClassification(Config c) {
        return new TokenClassParams(
                ConfigReads.choice(c, "extraction.token-classification.aggregation", TokenClassParams.Aggregation.class),
                ConfigReads.atLeast(c, "extraction.token-classification.window-tokens", 3),
                ConfigReads.atLeast(c, "extraction.token-classification.stride", 0));
    }

    public static RuntimeSettings model(Config c) {
        // Absolute here, on the driver: executors open the folder by this path, and their working directory is
        // not the driver's, so a relative path would pass the driver's check and fail on every executor.
        // A URI (hdfs://, s3a://, spark-files:) is fetched by each JVM (ModelFolders in udfs) and stays as it is.
        RuntimeSettings model = new RuntimeSettings(ConfigReads.nonBlank(c, "model.dir"), ConfigReads.nonBlank(c, "model.device"),
                ConfigReads.atLeast(c, "model.intra-op-threads", 0),
                ConfigReads.choice(c, "model.variant", ModelVariant.class).spelling());
        if (model.remote()) {
            return model;
        }
        return new RuntimeSettings(java.nio.file.Path.of(model.dir()).toAbsolutePath().normalize().toString(), model.device(),
                model.intraOpThreads(), model.variant());
    }

    /** relations.schema: a list of [head label, tail label] pairs. */
    private static List<List<String>> relationSchema(Config c) {
        List<List<String>> pairs = new ArrayList<>();
        for (Object entry : c.getAnyRefList("relations.schema")) {
            if (!(entry instanceof List<?> pair) || pair.size() != 2 || !pair.stream().allMatch(String.class::isInstance)) {
                throw new SettingsException("relations.schema: " + entry + " is not a [head label, tail label] pair, "
                        + "e.g. relations.schema = [[person, organization]]");
            }
            pairs.add(pair.stream().map(String.class::cast).toList());
        }
        return pairs;
    }
}
