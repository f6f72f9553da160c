package io.corpusgraph.pipeline;

/**
 * Counters and time per stage for the calls a caller made. A plain mutable object, not thread-safe:
 * keep one per thread or task and combine them with {@link #add}.
 */
public final class ExtractionStats {
    public long documents;
    public long windows;
    public long words;
    /** Tokens fed to the model, prompt and special tokens included, padding excluded. */
    public long tokens;
    /** Padding positions in the model's inputs: the cost of batching texts of different lengths. */
    public long paddedTokens;
    /** The longest sequence (input_ids row, padding included) ever given to ONNX Runtime: never above the model's token limit. */
    public long maxSequenceTokens;
    public long onnxCalls;
    public long entities;
    /** Relation passes run (model inputs of relation labels), relations reported, relations dropped for want of an entity. */
    public long relationPasses;
    public long relations;
    public long relationsDropped;

    public long splitNanos;
    public long tokenizeNanos;
    public long tensorsNanos;
    public long onnxNanos;
    public long decodeNanos;

    public void add(ExtractionStats other) {
        documents += other.documents;
        windows += other.windows;
        words += other.words;
        tokens += other.tokens;
        paddedTokens += other.paddedTokens;
        maxSequenceTokens = Math.max(maxSequenceTokens, other.maxSequenceTokens);
        onnxCalls += other.onnxCalls;
        entities += other.entities;
        relationPasses += other.relationPasses;
        relations += other.relations;
        relationsDropped += other.relationsDropped;
        splitNanos += other.splitNanos;
        tokenizeNanos += other.tokenizeNanos;
        tensorsNanos += other.tensorsNanos;
        onnxNanos += other.onnxNanos;
        decodeNanos += other.decodeNanos;
    }

    public long totalNanos() {
        return splitNanos + tokenizeNanos + tensorsNanos + onnxNanos + decodeNanos;
    }

    @Override
    public String toString() {
        return String.format("documents=%d windows=%d words=%d tokens=%d paddedTokens=%d maxSequenceTokens=%d onnxCalls=%d entities=%d "
                        + "relationPasses=%d relations=%d relationsDropped=%d "
                        + "ms: split=%.1f tokenize=%.1f tensors=%.1f onnx=%.1f decode=%.1f",
                documents, windows, words, tokens, paddedTokens, maxSequenceTokens, onnxCalls, entities,
                relationPasses, relations, relationsDropped,
                splitNanos / 1e6, tokenizeNanos / 1e6, tensorsNanos / 1e6, onnxNanos / 1e6, decodeNanos / 1e6);
    }
}
