package io.corpusgraph.jobs.output;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.Locale;

import org.apache.spark.sql.types.StructType;

/**
 * The tables a run writes (architecture.md), with their columns. Every table ends with run_id,
 * model_id and run_date, the partition column, last: catalog tables keep partition columns last,
 * so path and catalog tables then look the same.
 */
public enum Table {
    DOCUMENTS(new StructType()
            .add("doc_id", StringType)
            .add("source", StringType)
            .add("content_sha256", StringType)
            .add("char_length", IntegerType)
            .add("word_count", IntegerType)
            .add("window_count", IntegerType)
            .add("status", StringType)
            .add("error", StringType)
            .add("processed_at", TimestampType)
            .add("extraction_ms", DoubleType)
            // Not in architecture.md: kept so that entity offsets can be checked and shown in SQL.
            .add("text", StringType)),
    ENTITIES(new StructType()
            .add("doc_id", StringType)
            .add("entity_id", StringType)
            .add("start", IntegerType)
            .add("end", IntegerType)
            .add("text", StringType)
            .add("label", StringType)
            .add("score", FloatType)
            .add("canonical_key", StringType)),
    RELATIONS(new StructType()
            .add("doc_id", StringType)
            .add("relation_id", StringType)
            .add("head_entity_id", StringType)
            .add("tail_entity_id", StringType)
            .add("relation", StringType)
            .add("score", FloatType)
            .add("head_text", StringType)
            .add("tail_text", StringType)
            .add("head_label", StringType)
            .add("tail_label", StringType)),
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
            .add("max_sequence_tokens", LongType)),
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

    public StructType schema() {
        return schema;
    }

    /** The conf key under output.tables and the default table name. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
