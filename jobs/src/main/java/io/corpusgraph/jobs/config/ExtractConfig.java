package io.corpusgraph.jobs.config;

import java.time.LocalDate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;

import io.corpusgraph.jobs.JobSetupException;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.spec.ConfigReads;
import io.corpusgraph.pipeline.spec.SpecConfig;

/**
 * ExtractJob's settings, typed and checked. Every check that needs no model and no Spark happens
 * here, so that a wrong setting fails before anything runs.
 *
 * @param extraction the model and how it runs, labels, decoding, windows, batching, relations ({@link SpecConfig})
 * @param modelNote  printed in the run summary (says when a stand-in model is in use)
 * @param partitions 0 keeps the input's partitioning, but with at least one partition per core
 * @param allowEmpty write the run even when its input is empty or every document is quarantined for one reason
 * @param stream     whether (and how) the run is a stream of micro-batches instead of one run
 * @param json       the resolved settings, kept in the runs table
 */
public record ExtractConfig(
        InputSpec input,
        ExtractionSpec extraction,
        String modelNote,
        int partitions,
        OutputSpec output,
        LocalDate runDate,
        boolean incremental,
        boolean allowEmpty,
        StreamSpec stream,
        String json) {

    public static ExtractConfig from(Config c) {
        return JobSetupException.reading(() -> new ExtractConfig(
                InputSpec.from(c),
                SpecConfig.read(c),
                c.getString("model.note"),
                ConfigReads.atLeast(c, "spark.partitions", 0),
                OutputSpec.from(c),
                ConfigReads.date(c, "run.date"),
                c.getBoolean("run.incremental"),
                c.getBoolean("run.allow-empty"),
                StreamSpec.from(c),
                c.root().render(ConfigRenderOptions.concise())));
    }
}
