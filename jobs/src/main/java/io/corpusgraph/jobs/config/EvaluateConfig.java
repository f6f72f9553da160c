package io.corpusgraph.jobs.config;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.typesafe.config.Config;

import io.corpusgraph.pipeline.spec.ConfigReads;
import com.typesafe.config.ConfigRenderOptions;

import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.jobs.evaluate.GoldDataset;
import io.corpusgraph.jobs.evaluate.LabelMapping;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.Checks;
import io.corpusgraph.pipeline.spec.SpecConfig;

/**
 * EvaluateJob's settings, typed and checked: the {@code evaluate} section of conf/extract.conf, with the
 * model, window and batch settings, spark and output taken from the sections ExtractJob uses.
 *
 * @param extraction  how the model runs; its labels, threshold and mode are replaced per dataset
 * @param labels      prompt labels for every dataset (lower-cased); empty: each dataset's gold types
 * @param thresholds  every threshold reported, ascending, {@code threshold} included
 * @param relationLabels relation labels for datasets with gold relations (lower-cased); empty: each dataset's gold types
 * @param relationThreshold a relation's tail is kept above this probability
 * @param limit       the first this many sentences of each dataset; 0 = all
 * @param settingsJson what the results table keeps as the run's settings
 */
public record EvaluateConfig(
        List<GoldDataset> datasets,
        ExtractionSpec extraction,
        List<String> labels,
        LabelMapping labelMapping,
        double threshold,
        List<Double> thresholds,
        String mode,
        boolean flatNer,
        boolean multiLabel,
        List<String> relationLabels,
        double relationThreshold,
        int limit,
        int partitions,
        OutputSpec output,
        LocalDate runDate,
        String settingsJson) {

    public static EvaluateConfig from(Config c) {
        return JobSetupException.reading(() -> {
            ExtractionSpec.Mode mode = ConfigReads.choice(c, "evaluate.mode", ExtractionSpec.Mode.class);
            List<GoldDataset> datasets = datasets(c);
            ExtractionSpec spec = SpecConfig.read(c);
            double threshold = SpecConfig.threshold(c, "evaluate.threshold", spec.model());
            TreeSet<Double> thresholds = new TreeSet<>();
            thresholds.add(threshold);
            for (double t : c.getDoubleList("evaluate.thresholds")) {
                thresholds.add(Checks.probability("evaluate.thresholds", t));
            }
            List<String> labels = c.getStringList("evaluate.labels").stream().map(LabelMapping::lower).toList();
            return new EvaluateConfig(
                    datasets,
                    spec,
                    labels,
                    new LabelMapping(stringMap(c, "evaluate.label-map")),
                    threshold,
                    List.copyOf(thresholds),
                    c.getString("evaluate.mode").strip().toLowerCase(),
                    mode.flatNer,
                    mode.multiLabel,
                    c.getStringList("evaluate.relation-labels").stream().map(LabelMapping::lower).toList(),
                    ConfigReads.probability(c, "evaluate.relation-threshold"),
                    ConfigReads.atLeast(c, "evaluate.limit", 0),
                    ConfigReads.atLeast(c, "spark.partitions", 0),
                    OutputSpec.from(c),
                    ConfigReads.date(c, "run.date"),
                    settingsJson(c));
        });
    }

    private static List<GoldDataset> datasets(Config c) {
        List<GoldDataset> datasets = new ArrayList<>();
        stringMap(c, "evaluate.datasets").forEach((name, value) -> datasets.add(GoldDataset.parse(name, value)));
        if (datasets.isEmpty()) {
            throw new JobSetupException("no gold datasets: give --dataset NAME=FORMAT:PATH (FORMAT conll, spert or jsonl) "
                    + "or set evaluate.datasets in a --config file");
        }
        return datasets;
    }

    /** An object of strings, keys in alphabetical order. */
    private static Map<String, String> stringMap(Config c, String key) {
        Map<String, String> map = new TreeMap<>();
        c.getObject(key).unwrapped().forEach((k, v) -> {
            if (!(v instanceof String) && !(v instanceof Number)) {
                throw new JobSetupException(key + "." + k + " = " + v + ": must be a string");
            }
            map.put(k, v.toString());
        });
        return map;
    }

    /** The settings that decide the figures: evaluate.*, model.*, and the window settings (a token-classification model's too). */
    private static String settingsJson(Config c) {
        Config settings = c.withOnlyPath("evaluate")
                .withFallback(c.withOnlyPath("model"))
                .withFallback(c.withOnlyPath("extraction.window-words"))
                .withFallback(c.withOnlyPath("extraction.window-overlap-words"));
        if (io.corpusgraph.pipeline.extract.Extractor.modelTags(io.corpusgraph.pipeline.spec.SpecConfig.model(c).modelDir()) != null) {
            settings = settings.withFallback(c.withOnlyPath("extraction.token-classification"));
        }
        return settings.root().render(ConfigRenderOptions.concise());
    }
}
