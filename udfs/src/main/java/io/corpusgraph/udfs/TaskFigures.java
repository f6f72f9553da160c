package io.corpusgraph.udfs;

import io.corpusgraph.pipeline.ExtractionStats;

/** Running totals of one task (or one batch of it): what goes to the accumulators and the progress log. */
final class TaskFigures {
    long documents;
    long windows;
    long entities;
    long quarantined;
    long onnxNanos;
    /** The extractor's own counters and stage times (its onnxNanos is the field above). */
    long words;
    long tokens;
    long paddedTokens;
    long splitNanos;
    long tokenizeNanos;
    long tensorsNanos;
    long decodeNanos;

    void add(TaskFigures other) {
        documents += other.documents;
        windows += other.windows;
        entities += other.entities;
        quarantined += other.quarantined;
        onnxNanos += other.onnxNanos;
        words += other.words;
        tokens += other.tokens;
        paddedTokens += other.paddedTokens;
        splitNanos += other.splitNanos;
        tokenizeNanos += other.tokenizeNanos;
        tensorsNanos += other.tensorsNanos;
        decodeNanos += other.decodeNanos;
    }

    void addStages(ExtractionStats stats) {
        onnxNanos += stats.onnxNanos;
        words += stats.words;
        tokens += stats.tokens;
        paddedTokens += stats.paddedTokens;
        splitNanos += stats.splitNanos;
        tokenizeNanos += stats.tokenizeNanos;
        tensorsNanos += stats.tensorsNanos;
        decodeNanos += stats.decodeNanos;
    }

    long onnxMillis() {
        return onnxNanos / 1_000_000;
    }

    @Override
    public String toString() {
        return documents + " documents, " + windows + " windows, " + entities + " entities, "
                + quarantined + " quarantined, " + onnxMillis() + " ms in ONNX";
    }
}
