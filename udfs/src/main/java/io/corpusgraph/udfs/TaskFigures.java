package io.corpusgraph.udfs;

/** Running totals of one task (or one batch of it): what goes to the accumulators and the progress log. */
final class TaskFigures {
    long documents;
    long windows;
    long entities;
    long relations;
    long droppedRelations;
    long quarantined;
    long onnxNanos;
    long maxSequenceTokens;

    void add(TaskFigures other) {
        documents += other.documents;
        windows += other.windows;
        entities += other.entities;
        relations += other.relations;
        droppedRelations += other.droppedRelations;
        quarantined += other.quarantined;
        onnxNanos += other.onnxNanos;
        maxSequenceTokens = Math.max(maxSequenceTokens, other.maxSequenceTokens);
    }

    long onnxMillis() {
        return onnxNanos / 1_000_000;
    }

    @Override
    public String toString() {
        return documents + " documents, " + windows + " windows, " + entities + " entities, "
                + relations + " relations (" + droppedRelations + " dropped), "
                + quarantined + " quarantined, " + onnxMillis() + " ms in ONNX";
    }
}
