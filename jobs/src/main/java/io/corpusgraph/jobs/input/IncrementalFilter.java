package io.corpusgraph.jobs.input;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import java.util.Arrays;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import io.corpusgraph.udfs.CorpusSchema;

/**
 * Incremental runs leave out documents whose content was already extracted by the same model with the same
 * output settings (labels, threshold, mode, windows, relations: {@code ExtractionSpec.outputSettings}): a new
 * label or threshold runs again on every document.
 */
public final class IncrementalFilter {

    private IncrementalFilter() {}

    public static Dataset<Row> notYetExtracted(Dataset<Row> corpus, TableStore tables, String modelId, String outputSettings,
                                               LocalDate runDate) {
        if (!tables.exists(Table.DOCUMENTS) || !tables.exists(Table.RUNS)) {
            return corpus;
        }
        Dataset<Row> runs = tables.read(Table.RUNS);
        if (!Arrays.asList(runs.columns()).contains(OUTPUT_SETTINGS)) {
            return corpus;  // runs of a version that did not record them: nothing counts as done
        }
        // Only complete runs count (those with a runs row): a run killed before its commit may lack some
        // entities. The run date's own rows are about to be replaced, so they do not count as done.
        // Quarantined documents are tried again: a later run may have a higher size limit.
        Dataset<Row> sameOutput = runs.where(col(OUTPUT_SETTINGS).equalTo(outputSettings).and(col("model_id").equalTo(modelId)))
                .select(col("run_id"), col(Table.RUN_DATE));
        Dataset<Row> docs = tables.read(Table.DOCUMENTS)
                .where(col("status").equalTo(CorpusSchema.OK)
                        .and(col("model_id").equalTo(modelId))
                        .and(col(Table.RUN_DATE).notEqual(lit(runDate))));
        Dataset<Row> done = docs.join(sameOutput, docs.col("run_id").equalTo(sameOutput.col("run_id"))
                        .and(docs.col(Table.RUN_DATE).equalTo(sameOutput.col(Table.RUN_DATE))), "left_semi")
                .select(col("content_sha256").as("done_sha256"))
                .distinct();
        return corpus.join(done, corpus.col("content_sha256").equalTo(done.col("done_sha256")), "left_anti");
    }

    private static final String OUTPUT_SETTINGS = "output_settings";
}
