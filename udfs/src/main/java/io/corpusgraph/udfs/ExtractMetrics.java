package io.corpusgraph.udfs;

import java.io.Serializable;

import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Job-wide figures summed over every task through Spark accumulators (visible in the Spark UI under
 * these names). A retried task adds its figures again, so these are progress figures; the tables'
 * own counts are the exact ones.
 */
public final class ExtractMetrics implements Serializable {

    private final LongAccumulator documents;
    private final LongAccumulator windows;
    private final LongAccumulator entities;
    private final LongAccumulator relations;
    private final LongAccumulator droppedRelations;
    private final LongAccumulator quarantined;
    private final LongAccumulator onnxNanos;
    private final LongMaxAccumulator maxSequenceTokens = new LongMaxAccumulator();

    private ExtractMetrics(SparkContext spark) {
        documents = spark.longAccumulator("corpusgraph.documents");
        windows = spark.longAccumulator("corpusgraph.windows");
        entities = spark.longAccumulator("corpusgraph.entities");
        relations = spark.longAccumulator("corpusgraph.relations");
        droppedRelations = spark.longAccumulator("corpusgraph.relations_dropped");
        quarantined = spark.longAccumulator("corpusgraph.quarantined");
        onnxNanos = spark.longAccumulator("corpusgraph.onnx_nanos");
        spark.register(maxSequenceTokens, "corpusgraph.max_sequence_tokens");
    }

    /** Call on the driver, before the job runs. */
    public static ExtractMetrics register(SparkContext spark) {
        return new ExtractMetrics(spark);
    }

    void add(TaskFigures batch) {
        documents.add(batch.documents);
        windows.add(batch.windows);
        entities.add(batch.entities);
        relations.add(batch.relations);
        droppedRelations.add(batch.droppedRelations);
        quarantined.add(batch.quarantined);
        onnxNanos.add(batch.onnxNanos);
        maxSequenceTokens.add(batch.maxSequenceTokens);
    }

    public long documents() {
        return documents.value();
    }

    public long windows() {
        return windows.value();
    }

    public long entities() {
        return entities.value();
    }

    public long relations() {
        return relations.value();
    }

    /** Relations the model found whose head or tail matched no entity (not written). */
    public long droppedRelations() {
        return droppedRelations.value();
    }

    public long quarantined() {
        return quarantined.value();
    }

    /** The longest token sequence any task gave ONNX Runtime (padding included). */
    public long maxSequenceTokens() {
        return maxSequenceTokens.value();
    }

    public long onnxMillis() {
        return onnxNanos.value() / 1_000_000;
    }
}
