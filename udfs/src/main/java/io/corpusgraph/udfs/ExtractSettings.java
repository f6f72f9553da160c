package io.corpusgraph.udfs;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

import io.corpusgraph.pipeline.ExtractionParams;
import io.corpusgraph.pipeline.RuntimeSettings;
import io.corpusgraph.pipeline.relate.RelationParams;

/**
 * Everything an executor needs to extract, shipped with the task (the pipeline's own records are
 * not serializable).
 *
 * @param modelDir          model folder, a local path on every executor
 * @param device            {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}; a GPU that Spark
 *                          assigns to the task wins
 * @param documentsPerBatch documents handed to the extractor at once
 * @param maxDocumentChars  longer documents are quarantined, not extracted
 * @param relationLabels    relations to extract between the entities; empty: no relation pass
 * @param relationSchema    allowed [head label, tail label] pairs; empty: any
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
        int maxDocumentChars,
        List<String> relationLabels,
        List<List<String>> relationSchema,
        double relationThreshold) implements Serializable {

    public ExtractSettings {
        labels = List.copyOf(labels);
        relationLabels = List.copyOf(relationLabels);
        relationSchema = relationSchema.stream().map(List::copyOf).toList();
    }

    /** Entities only. */
    public ExtractSettings(String modelDir, String device, int intraOpThreads, List<String> labels, double threshold,
                           boolean flatNer, boolean multiLabel, int windowWords, int windowOverlapWords,
                           int batchTokenBudget, int documentsPerBatch, int maxDocumentChars) {
        this(modelDir, device, intraOpThreads, labels, threshold, flatNer, multiLabel, windowWords, windowOverlapWords,
                batchTokenBudget, documentsPerBatch, maxDocumentChars, List.of(), List.of(), RelationParams.NONE.threshold());
    }

    /** The same model and batching with other labels and decoding (EvaluateJob prompts each dataset's types). */
    public ExtractSettings withDecoding(List<String> newLabels, double newThreshold, boolean newFlatNer, boolean newMultiLabel) {
        return new ExtractSettings(modelDir, device, intraOpThreads, newLabels, newThreshold, newFlatNer, newMultiLabel,
                windowWords, windowOverlapWords, batchTokenBudget, documentsPerBatch, maxDocumentChars);
    }

    /** The same settings with a relation pass (EvaluateJob prompts each dataset's relation types). */
    public ExtractSettings withRelations(List<String> newLabels, List<List<String>> newSchema, double newThreshold) {
        return new ExtractSettings(modelDir, device, intraOpThreads, labels, threshold, flatNer, multiLabel,
                windowWords, windowOverlapWords, batchTokenBudget, documentsPerBatch, maxDocumentChars,
                newLabels, newSchema, newThreshold);
    }

    public ExtractionParams params() {
        return new ExtractionParams(labels, threshold, flatNer, multiLabel, windowWords, windowOverlapWords,
                batchTokenBudget, new RelationParams(relationLabels, relationSchema, relationThreshold));
    }

    public RuntimeSettings runtime(String chosenDevice) {
        return new RuntimeSettings(Path.of(modelDir), chosenDevice, intraOpThreads);
    }
}
