package io.corpusgraph.pipeline;

import io.corpusgraph.pipeline.relate.RelationParams;

import java.util.List;

/**
 * What to extract and how to decode: the settings a user chooses per run (the model and device are
 * chosen once per JVM in {@link RuntimeSettings}).
 *
 * @param labels            entity labels, natural-language names given at run time (zero-shot)
 * @param threshold         a span is a candidate when sigmoid(logit) is strictly greater than this
 * @param flatNer           true: no overlap at all between accepted spans; false: nesting allowed
 * @param multiLabel        true: the same (start, end) may be accepted again with another label
 * @param maxWindowWords    words per window; 0 means the model's {@code max_len}
 * @param windowOverlapWords words shared by consecutive windows (at least the model's max_width)
 * @param batchTokenBudget  upper bound on (texts in a batch) x (longest sequence in tokens)
 * @param relations         relations to extract between the entities; {@link RelationParams#NONE}: none
 */
public record ExtractionParams(
        List<String> labels,
        double threshold,
        boolean flatNer,
        boolean multiLabel,
        int maxWindowWords,
        int windowOverlapWords,
        int batchTokenBudget,
        RelationParams relations) {

    public static final double DEFAULT_THRESHOLD = 0.5;
    public static final int DEFAULT_OVERLAP_WORDS = 32;
    public static final int DEFAULT_BATCH_TOKEN_BUDGET = 8192;

    public ExtractionParams {
        relations = relations == null ? RelationParams.NONE : relations;
    }

    /** Entities only. */
    public ExtractionParams(List<String> labels, double threshold, boolean flatNer, boolean multiLabel,
                            int maxWindowWords, int windowOverlapWords, int batchTokenBudget) {
        this(labels, threshold, flatNer, multiLabel, maxWindowWords, windowOverlapWords, batchTokenBudget, RelationParams.NONE);
    }

    /** GLiNER's defaults: threshold 0.5, flat, single label, the model's window length. */
    public static ExtractionParams defaults(List<String> labels) {
        return new ExtractionParams(labels, DEFAULT_THRESHOLD, true, false, 0,
                DEFAULT_OVERLAP_WORDS, DEFAULT_BATCH_TOKEN_BUDGET);
    }

    public ExtractionParams withThreshold(double t) {
        return new ExtractionParams(labels, t, flatNer, multiLabel, maxWindowWords, windowOverlapWords, batchTokenBudget, relations);
    }

    public ExtractionParams withFlatNer(boolean flat) {
        return new ExtractionParams(labels, threshold, flat, multiLabel, maxWindowWords, windowOverlapWords, batchTokenBudget, relations);
    }

    public ExtractionParams withMultiLabel(boolean multi) {
        return new ExtractionParams(labels, threshold, flatNer, multi, maxWindowWords, windowOverlapWords, batchTokenBudget, relations);
    }

    public ExtractionParams withWindow(int words, int overlap) {
        return new ExtractionParams(labels, threshold, flatNer, multiLabel, words, overlap, batchTokenBudget, relations);
    }

    public ExtractionParams withBatchTokenBudget(int budget) {
        return new ExtractionParams(labels, threshold, flatNer, multiLabel, maxWindowWords, windowOverlapWords, budget, relations);
    }

    public ExtractionParams withRelations(RelationParams r) {
        return new ExtractionParams(labels, threshold, flatNer, multiLabel, maxWindowWords, windowOverlapWords, batchTokenBudget, r);
    }
}
