package io.corpusgraph.jobs.output;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.Locale;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.corpusgraph.udfs.CorpusSchema;

/**
 * The tables a run writes (docs/architecture.md), with their columns: a document's, an entity's and a
 * relation's own columns are {@link CorpusSchema}'s, the row shapes extraction produces. Every table ends with run_id,
 * model_id and run_date, the partition column, last: catalog tables keep partition columns last,
 * so path and catalog tables then look the same.
 */
public enum Table {
    DOCUMENTS(nullable(CorpusSchema.DOCUMENT)),
    ENTITIES(nullable(new StructType().add("doc_id", StringType), CorpusSchema.ENTITY)),
    RELATIONS(nullable(new StructType().add("doc_id", StringType), CorpusSchema.RELATION)),
    RUNS(new StructType()
            .add("started_at", TimestampType)
            .add("finished_at", TimestampType)
            .add("config", StringType)
            .add("input_documents", LongType)
            .add("skipped_documents", LongType)
            .add("documents", LongType)
            .add("ok_documents", LongType)
            .add("quarantined_documents", LongType)
            .add("entities", LongType)
            .add("relations", LongType)
            .add("dropped_relations", LongType)
            .add("extraction_seconds", DoubleType)
            .add("documents_per_second", DoubleType)
            .add("onnx_ms", LongType)
            .add("max_sequence_tokens", LongType)
            // What besides the model decided the run's output (ExtractionSpec.outputSettings): incremental runs key on it.
            .add("output_settings", StringType)),
    /** EvaluateJob's results. Appended, never replaced: runs of several models on one day all stay. */
    EVALUATIONS(new StructType()
            .add("dataset", StringType)
            .add("format", StringType)
            .add("path", StringType)
            .add("task", StringType)
            .add("label", StringType)
            .add("threshold", DoubleType)
            .add("sentences", LongType)
            .add("tp", LongType)
            .add("fp", LongType)
            .add("fn", LongType)
            .add("support", LongType)
            .add("precision", DoubleType)
            .add("recall", DoubleType)
            .add("f1", DoubleType)
            .add("settings", StringType)
            .add("evaluated_at", TimestampType));

    public static final String RUN_DATE = "run_date";

    private final StructType schema;

    Table(StructType ownColumns) {
        this.schema = ownColumns
                .add("run_id", StringType)
                .add("model_id", StringType)
                .add(RUN_DATE, DateType);
    }

    /** The columns of {@code parts}, in order, all nullable (as tables created by appends have them). */
    private static StructType nullable(StructType... parts) {
        StructType schema = new StructType();
        for (StructType part : parts) {
            for (StructField field : part.fields()) {
                schema = schema.add(field.name(), field.dataType(), true);
            }
        }
        return schema;
    }

    public StructType schema() {
        return schema;
    }

    /** The conf key under output.tables and the default table name. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
