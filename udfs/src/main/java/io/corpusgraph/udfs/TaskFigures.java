package io.corpusgraph.udfs;

import io.corpusgraph.pipeline.ExtractionStats;

/** Running totals of one task (or one batch of it): what goes to the accumulators and the progress log. */
final class TaskFigures {
    long documents;
    long windows;
    long entities;
    long relations;
    long droppedRelations;
    long quarantined;
    /** The extractor's own counters and stage times: ONNX time, words, tokens, padding, the longest sequence. */
    final ExtractionStats stages = new ExtractionStats();

    void add(TaskFigures other) {
        documents += other.documents;
        windows += other.windows;
        entities += other.entities;
        relations += other.relations;
        droppedRelations += other.droppedRelations;
        quarantined += other.quarantined;
        stages.add(other.stages);
    }

    long onnxMillis() {
        return stages.onnxNanos / 1_000_000;
    }

    @Override
    public String toString() {
        return documents + " documents, " + windows + " windows, " + entities + " entities, "
                + relations + " relations (" + droppedRelations + " dropped), "
                + quarantined + " quarantined, " + onnxMillis() + " ms in ONNX";
    }
}
