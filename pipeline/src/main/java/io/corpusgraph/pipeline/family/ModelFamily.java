package io.corpusgraph.pipeline.family;

import java.util.List;

import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.DocumentResult;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.ExtractionStats;
import io.corpusgraph.pipeline.ModelDescription;
import io.corpusgraph.pipeline.onnx.OnnxRunner;
import io.corpusgraph.pipeline.run.BatchRunner;

/**
 * The seam between the extractor and a kind of model: how documents become model inputs (prompt, encode)
 * and how the model's output becomes entities (decode). Chosen by the model folder ({@link ModelFamilies});
 * today the GLiNER span and token families ({@link GlinerFamily}), next token classification (BIO).
 * Implementations are thread-safe.
 */
public interface ModelFamily extends AutoCloseable {

    ModelDescription description();

    /** What runs the model's batches (the benchmark watches its inputs). */
    BatchRunner<?> batches();

    /** The JVM-wide ONNX session the batches run through (the benchmark replays batches on it). */
    OnnxRunner runner();

    /** One result per document, in input order; a bad document gets a result with an error, never an exception. */
    List<DocumentResult> extract(List<Document> docs, ExtractionSpec spec, ExtractionStats stats);

    /** Releases what this instance holds; the ONNX session itself lives until JVM exit. */
    @Override
    void close();
}
