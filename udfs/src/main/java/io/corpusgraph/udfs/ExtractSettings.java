package io.corpusgraph.udfs;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

import io.corpusgraph.pipeline.ExtractionParams;
import io.corpusgraph.pipeline.RuntimeSettings;

/**
 * Everything an executor needs to extract, shipped with the task (the pipeline's own records are
 * not serializable).
 *
 * @param modelDir          model folder, a local path on every executor
 * @param device            {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}; a GPU that Spark
 *                          assigns to the task wins
 * @param documentsPerBatch documents handed to the extractor at once
 * @param maxDocumentChars  longer documents are quarantined, not extracted
 */
public record ExtractSettings(
        String modelDir,
        String device,
        int intraOpThreads,
        List<String> labels,
        double threshold,
        boolean flatNer,
        boolean multiLabel,
        int windowWords,
        int windowOverlapWords,
        int batchTokenBudget,
        int documentsPerBatch,
        int maxDocumentChars) implements Serializable {

    public ExtractSettings {
        labels = List.copyOf(labels);
    }

    /** The same model and batching with other labels and decoding (EvaluateJob prompts each dataset's types). */
    public ExtractSettings withDecoding(List<String> newLabels, double newThreshold, boolean newFlatNer, boolean newMultiLabel) {
        return new ExtractSettings(modelDir, device, intraOpThreads, newLabels, newThreshold, newFlatNer, newMultiLabel,
                windowWords, windowOverlapWords, batchTokenBudget, documentsPerBatch, maxDocumentChars);
    }

    public ExtractionParams params() {
        return new ExtractionParams(labels, threshold, flatNer, multiLabel, windowWords, windowOverlapWords,
                batchTokenBudget);
    }

    public RuntimeSettings runtime(String chosenDevice) {
        return new RuntimeSettings(Path.of(modelDir), chosenDevice, intraOpThreads);
    }
}
