package io.corpusgraph.jobs.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.jobs.LocalSpark;
import io.corpusgraph.jobs.config.OutputSpec;
import io.corpusgraph.jobs.config.OutputSpec.OutputFormat;

/** Appending (the evaluations table) keeps every earlier row, the same day's included, in Delta and Parquet. */
class TableStoreAppendTest {

    static final SparkSession spark = LocalSpark.session();

    @TempDir
    Path dir;

    private Dataset<Row> rows(String runId) {
        return spark.sql("SELECT 'd' AS dataset, 'conll' AS format, 'p' AS path, 'entities' AS task, CAST(NULL AS STRING) AS label, "
                + "0.5D AS threshold, 1L AS sentences, 1L AS tp, 0L AS fp, 0L AS fn, 1L AS support, 1D AS precision, "
                + "1D AS recall, 1D AS f1, '{}' AS settings, current_timestamp() AS evaluated_at, '" + runId + "' AS run_id, "
                + "'m' AS model_id, DATE'2024-03-02' AS run_date");
    }

    @Test
    void appendKeepsEarlierRunsOfTheSameDay() {
        for (OutputFormat format : OutputFormat.values()) {
            Map<Table, String> names = Map.of(Table.DOCUMENTS, "documents", Table.ENTITIES, "entities",
                    Table.RELATIONS, "relations", Table.RUNS, "runs", Table.EVALUATIONS, "evaluations");
            TableStore store = TableStore.open(spark, new OutputSpec(format, dir.resolve(format.name()).toString(), "", names));
            store.append(Table.EVALUATIONS, rows("a"));
            store.append(Table.EVALUATIONS, rows("b"));
            assertEquals(2, store.read(Table.EVALUATIONS).select("run_id").distinct().count(), format.name());
        }
    }
}
