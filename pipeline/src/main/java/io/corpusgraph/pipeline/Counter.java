package io.corpusgraph.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every figure extraction counts, defined once. Per-batch stats ({@link ExtractionStats}), the Spark
 * accumulators (named {@code corpusgraph.<key>}), the task log lines, the run report and the benchmark's
 * stages all derive from this list: a new counter is one line here.
 */
public enum Counter {
    /** Documents seen: extracted, or turned away before the model. */
    DOCUMENTS,
    /** Documents that got an error instead of entities (turned away, tokenizer or model failure). */
    QUARANTINED,
    WINDOWS,
    WORDS,
    /** Tokens fed to the model, prompt and special tokens included, padding excluded. */
    TOKENS,
    /** Padding positions in the model's inputs: the cost of batching texts of different lengths. */
    PADDED_TOKENS,
    /** The longest sequence (input_ids row, padding included) ever given to ONNX Runtime: a maximum, not a sum. */
    MAX_SEQUENCE_TOKENS(Kind.MAX, null),
    ONNX_CALLS,
    ENTITIES,
    /** Relation passes run (model inputs of relation labels). */
    RELATION_PASSES,
    RELATIONS,
    /** Relations found whose head or tail matched no entity (not reported). */
    RELATIONS_DROPPED,
    SPLIT_NANOS(Kind.SUM, "split"),
    TOKENIZE_NANOS(Kind.SUM, "tokenize"),
    TENSORS_NANOS(Kind.SUM, "tensors"),
    ONNX_NANOS(Kind.SUM, "onnx"),
    DECODE_NANOS(Kind.SUM, "decode"),
    /** Building the relation passes from the entities (their model time counts under onnx and decode). */
    RELATIONS_NANOS(Kind.SUM, "relations");

    /** How two figures of the same counter combine. */
    public enum Kind { SUM, MAX }

    private final Kind kind;
    private final String stage;

    Counter() {
        this(Kind.SUM, null);
    }

    Counter(Kind kind, String stage) {
        this.kind = kind;
        this.stage = stage;
    }

    public Kind kind() {
        return kind;
    }

    /** The pipeline stage whose time this counter holds (nanoseconds), or null for a count. */
    public String stage() {
        return stage;
    }

    /** The name in logs, accumulators and reports: {@code relations_dropped}, {@code onnx_nanos}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stage timers in pipeline order. */
    public static List<Counter> stages() {
        return Arrays.stream(values()).filter(c -> c.stage != null).toList();
    }
}
