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
    private final LongAccumulator words;
    private final LongAccumulator tokens;
    private final LongAccumulator paddedTokens;
    private final LongAccumulator splitNanos;
    private final LongAccumulator tokenizeNanos;
    private final LongAccumulator tensorsNanos;
    private final LongAccumulator decodeNanos;

    private ExtractMetrics(SparkContext spark) {
        documents = spark.longAccumulator("corpusgraph.documents");
        windows = spark.longAccumulator("corpusgraph.windows");
        entities = spark.longAccumulator("corpusgraph.entities");
        relations = spark.longAccumulator("corpusgraph.relations");
        droppedRelations = spark.longAccumulator("corpusgraph.relations_dropped");
        quarantined = spark.longAccumulator("corpusgraph.quarantined");
        onnxNanos = spark.longAccumulator("corpusgraph.onnx_nanos");
        spark.register(maxSequenceTokens, "corpusgraph.max_sequence_tokens");
        words = spark.longAccumulator("corpusgraph.words");
        tokens = spark.longAccumulator("corpusgraph.tokens");
        paddedTokens = spark.longAccumulator("corpusgraph.padded_tokens");
        splitNanos = spark.longAccumulator("corpusgraph.split_nanos");
        tokenizeNanos = spark.longAccumulator("corpusgraph.tokenize_nanos");
        tensorsNanos = spark.longAccumulator("corpusgraph.tensors_nanos");
        decodeNanos = spark.longAccumulator("corpusgraph.decode_nanos");
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
        onnxNanos.add(batch.stages.onnxNanos);
        maxSequenceTokens.add(batch.stages.maxSequenceTokens);
        words.add(batch.stages.words);
        tokens.add(batch.stages.tokens);
        paddedTokens.add(batch.stages.paddedTokens);
        splitNanos.add(batch.stages.splitNanos);
        tokenizeNanos.add(batch.stages.tokenizeNanos);
        tensorsNanos.add(batch.stages.tensorsNanos);
        decodeNanos.add(batch.stages.decodeNanos);
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

    public long words() {
        return words.value();
    }

    /** Tokens fed to the model, padding excluded. */
    public long tokens() {
        return tokens.value();
    }

    /** Padding positions added to make each ONNX batch rectangular. */
    public long paddedTokens() {
        return paddedTokens.value();
    }

    /** Time in each extractor stage, summed over tasks (nanoseconds). */
    public long splitNanos() {
        return splitNanos.value();
    }

    public long tokenizeNanos() {
        return tokenizeNanos.value();
    }

    public long tensorsNanos() {
        return tensorsNanos.value();
    }

    public long onnxNanos() {
        return onnxNanos.value();
    }

    public long decodeNanos() {
        return decodeNanos.value();
    }
}
