package io.corpusgraph.jobs.input;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import io.corpusgraph.jobs.output.Table;
import io.corpusgraph.jobs.output.TableStore;
import io.corpusgraph.udfs.CorpusSchema;

/** Incremental runs leave out documents whose content the same model already extracted. */
public final class IncrementalFilter {

    private IncrementalFilter() {}

    public static Dataset<Row> notYetExtracted(Dataset<Row> corpus, TableStore tables, String modelId, LocalDate runDate) {
        if (!tables.exists(Table.DOCUMENTS)) {
            return corpus;
        }
        // Only complete runs count: a run killed before its commit may lack some entities. The run date's
        // own rows are about to be replaced, so they do not count as done. Quarantined documents are tried
        // again: a later run may have a higher size limit.
        Dataset<Row> done = tables.readComplete(Table.DOCUMENTS)
                .where(col("status").equalTo(CorpusSchema.OK)
                        .and(col("model_id").equalTo(modelId))
                        .and(col(Table.RUN_DATE).notEqual(lit(runDate))))
                .select(col("content_sha256").as("done_sha256"))
                .distinct();
        return corpus.join(done, corpus.col("content_sha256").equalTo(done.col("done_sha256")), "left_anti");
    }
}
