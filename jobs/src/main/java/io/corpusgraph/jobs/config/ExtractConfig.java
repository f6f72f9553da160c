package io.corpusgraph.jobs.config;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;

import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.udfs.ExtractSettings;

/**
 * ExtractJob's settings, typed and checked. Every check that needs no model and no Spark happens
 * here, so that a wrong setting fails before anything runs.
 *
 * @param modelNote printed in the run summary (says when a stand-in model is in use)
 * @param partitions 0 keeps the input's partitioning, but with at least one partition per core
 * @param json      the resolved settings, kept in the runs table
 */
public record ExtractConfig(
        InputSpec input,
        ExtractSettings extraction,
        String modelNote,
        int partitions,
        OutputSpec output,
        LocalDate runDate,
        boolean incremental,
        String json) {

    /** flat: no overlaps; nested: containment allowed; multi-label: flat, but one span may take several labels. */
    enum Mode {
        FLAT(true, false), NESTED(false, false), MULTI_LABEL(true, true);

        final boolean flatNer;
        final boolean multiLabel;

        Mode(boolean flatNer, boolean multiLabel) {
            this.flatNer = flatNer;
            this.multiLabel = multiLabel;
        }
    }

    public static ExtractConfig from(Config c) {
        try {
            return new ExtractConfig(
                    InputSpec.from(c),
                    extraction(c),
                    c.getString("model.note"),
                    Settings.atLeast(c, "spark.partitions", 0),
                    OutputSpec.from(c),
                    Settings.date(c, "run.date"),
                    c.getBoolean("run.incremental"),
                    c.root().render(ConfigRenderOptions.concise()));
        } catch (ConfigException e) {
            throw new JobSetupException("settings: " + e.getMessage(), e);
        }
    }

    static ExtractSettings extraction(Config c) {
        List<String> labels = c.getStringList("extraction.labels");
        if (labels.isEmpty()) {
            throw new JobSetupException("extraction.labels is empty: give at least one label, e.g. --labels person,organization");
        }
        double threshold = c.getDouble("extraction.threshold");
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new JobSetupException("extraction.threshold = " + threshold + ": must be in [0, 1]");
        }
        Mode mode = Settings.choice(c, "extraction.mode", Mode.class);
        return new ExtractSettings(
                Settings.nonBlank(c, "model.dir"),
                Settings.nonBlank(c, "model.device"),
                Settings.atLeast(c, "model.intra-op-threads", 0),
                labels,
                threshold,
                mode.flatNer,
                mode.multiLabel,
                Settings.atLeast(c, "extraction.window-words", 0),
                Settings.atLeast(c, "extraction.window-overlap-words", 0),
                Settings.atLeast(c, "extraction.batch-token-budget", 1),
                Settings.atLeast(c, "extraction.documents-per-batch", 1),
                Settings.atLeast(c, "extraction.max-document-chars", 1),
                c.getStringList("relations.labels"),
                relationSchema(c),
                relationThreshold(c));
    }

    /** relations.schema: a list of [head label, tail label] pairs. */
    private static List<List<String>> relationSchema(Config c) {
        List<List<String>> pairs = new ArrayList<>();
        for (Object entry : c.getAnyRefList("relations.schema")) {
            if (!(entry instanceof List<?> pair) || pair.size() != 2 || !pair.stream().allMatch(String.class::isInstance)) {
                throw new JobSetupException("relations.schema: " + entry + " is not a [head label, tail label] pair, "
                        + "e.g. relations.schema = [[person, organization]]");
            }
            pairs.add(pair.stream().map(String.class::cast).toList());
        }
        return pairs;
    }

    private static double relationThreshold(Config c) {
        double threshold = c.getDouble("relations.threshold");
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new JobSetupException("relations.threshold = " + threshold + ": must be in [0, 1]");
        }
        return threshold;
    }
}
