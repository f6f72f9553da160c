package io.corpusgraph.pipeline;

import java.io.Serializable;
import java.util.List;


/**
 * Everything one extraction needs, in one serializable, self-validating value: the model and how it runs,
 * the labels and decoding, windows, batching, the document gate and relations. Built from HOCON in one
 * place ({@code spec.SpecConfig.read}); every default lives in {@code conf/extract.conf}. The constructor
 * checks every setting that needs no model; the labels are checked against the model's tokenizer when
 * their prompt is built ({@code Extractor.describe}).
 *
 * @param model              where the model is and what runs it (an {@code Extractor} already bound to a
 *                           model ignores it)
 * @param labels             entity labels, natural-language names given at run time (zero-shot); for a
 *                           token-classification model a filter of its own tags (null or empty: all of them)
 * @param threshold          a span is a candidate when sigmoid(logit) is strictly greater than this; a
 *                           token-classification entity is kept when its aggregated score is at least this
 * @param flatNer            true: no overlap at all between accepted spans; false: nesting allowed
 * @param multiLabel         true: the same (start, end) may be accepted again with another label
 * @param maxWindowWords     words per window; 0 means the model's {@code max_len}
 * @param windowOverlapWords words shared by consecutive windows
 * @param batchTokenBudget   upper bound on (texts in a batch) x (longest sequence in tokens); 0 = by device
 *                           ({@link #batchTokenBudget(String)})
 * @param documentsPerBatch  documents a Spark task hands to the extractor at once
 * @param maxDocumentChars   longer documents are quarantined, not extracted
 * @param relations          relations to extract between the entities; {@link RelationParams#NONE}: none
 * @param tokenClassification how a token-classification (BIO) model reads documents; GLiNER ignores it
 */
public record ExtractionSpec(
        RuntimeSettings model,
        List<String> labels,
        double threshold,
        boolean flatNer,
        boolean multiLabel,
        int maxWindowWords,
        int windowOverlapWords,
        int batchTokenBudget,
        int documentsPerBatch,
        int maxDocumentChars,
        RelationParams relations,
        TokenClassParams tokenClassification) implements Serializable {

    /**
     * The decoding modes a conf file names: flat: no overlaps; nested: containment allowed; multi-label: flat,
     * but one span may take several labels.
     */
    public enum Mode {
        FLAT(true, false), NESTED(false, false), MULTI_LABEL(true, true);

        public final boolean flatNer;
        public final boolean multiLabel;

        Mode(boolean flatNer, boolean multiLabel) {
            this.flatNer = flatNer;
            this.multiLabel = multiLabel;
        }
    }

    public ExtractionSpec {
        labels = labels == null ? null : List.copyOf(labels);
        relations = relations == null ? RelationParams.NONE : relations;
        if (tokenClassification == null) {
            throw new SettingsException("extraction.token-classification: missing (SpecConfig.defaults() has the defaults)");
        }
        Checks.probability("threshold", threshold);
        Checks.atLeast("window words", maxWindowWords, 0);
        Checks.atLeast("window overlap words", windowOverlapWords, 0);
        Checks.atLeast("batch token budget", batchTokenBudget, 0);
        Checks.atLeast("documents per batch", documentsPerBatch, 1);
        Checks.atLeast("max document chars", maxDocumentChars, 1);
        if (relations.enabled()) {
            relations.check(labels == null ? List.of() : labels);
        }
    }

    public ExtractionSpec withModel(RuntimeSettings m) {
        return new ExtractionSpec(m, labels, threshold, flatNer, multiLabel, maxWindowWords, windowOverlapWords,
                batchTokenBudget, documentsPerBatch, maxDocumentChars, relations, tokenClassification);
    }

    public ExtractionSpec withLabels(List<String> l) {
        return new ExtractionSpec(model, l, threshold, flatNer, multiLabel, maxWindowWords, windowOverlapWords,
                batchTokenBudget, documentsPerBatch, maxDocumentChars, relations, tokenClassification);
    }

    /** Threshold, flat or nested, single or multi-label: how candidates become entities. */
    public ExtractionSpec withDecoding(double t, boolean flat, boolean multi) {
        return new ExtractionSpec(model, labels, t, flat, multi, maxWindowWords, windowOverlapWords,
                batchTokenBudget, documentsPerBatch, maxDocumentChars, relations, tokenClassification);
    }

    public ExtractionSpec withThreshold(double t) {
        return withDecoding(t, flatNer, multiLabel);
    }

    public ExtractionSpec withFlatNer(boolean flat) {
        return withDecoding(threshold, flat, multiLabel);
    }

    public ExtractionSpec withMultiLabel(boolean multi) {
        return withDecoding(threshold, flatNer, multi);
    }

    public ExtractionSpec withMode(Mode m) {
        return withDecoding(threshold, m.flatNer, m.multiLabel);
    }

    /** Window length and overlap (words) and the batch token budget: how documents become ONNX batches. */
    public ExtractionSpec withBatching(int words, int overlap, int budget) {
        return new ExtractionSpec(model, labels, threshold, flatNer, multiLabel, words, overlap,
                budget, documentsPerBatch, maxDocumentChars, relations, tokenClassification);
    }

    public ExtractionSpec withWindow(int words, int overlap) {
        return withBatching(words, overlap, batchTokenBudget);
    }

    public ExtractionSpec withBatchTokenBudget(int budget) {
        return withBatching(maxWindowWords, windowOverlapWords, budget);
    }

    public ExtractionSpec withRelations(RelationParams r) {
        return new ExtractionSpec(model, labels, threshold, flatNer, multiLabel, maxWindowWords, windowOverlapWords,
                batchTokenBudget, documentsPerBatch, maxDocumentChars, r, tokenClassification);
    }

    public ExtractionSpec withTokenClassification(TokenClassParams t) {
        return new ExtractionSpec(model, labels, threshold, flatNer, multiLabel, maxWindowWords, windowOverlapWords,
                batchTokenBudget, documentsPerBatch, maxDocumentChars, relations, t);
    }

    /**
     * {@link #outputSettings()} for this model: a token-classification model's line also says how it read the
     * documents (aggregation, windows); a GLiNER model's line is unchanged.
     */
    public String outputSettings(ModelDescription model) {
        return model != null && model.tokenClassification()
                ? outputSettings() + "; token-classification " + tokenClassification : outputSettings();
    }

    /**
     * Every setting besides the model that decides a document's entities and relations, as one stable line:
     * labels (in order: they make the prompt), threshold, mode, windows and relations. Batching, the size gate
     * and the device do not change what is found. An incremental run treats a document as done only when the
     * same model extracted it with the same line ({@code runs.output_settings}).
     */
    public String outputSettings() {
        return "labels=" + labels + "; threshold=" + threshold + "; flat=" + flatNer + "; multi-label=" + multiLabel
                + "; window-words=" + maxWindowWords + "; window-overlap-words=" + windowOverlapWords
                + "; relations=" + relations.labels() + " schema=" + relations.schema() + " threshold=" + relations.threshold();
    }

    /** The budget of {@code extraction.batch-token-budget = 0} on CPU: small batches stay in cache (README "int8 on CPU"). */
    public static final int AUTO_BUDGET_CPU = 1024;
    /** ... and on CUDA, where large batches keep the GPU busy. */
    public static final int AUTO_BUDGET_CUDA = 8192;

    /**
     * The batch token budget for a session on {@code device} ({@code cpu} or {@code cuda:N}): the setting, or when
     * it is 0 {@link #AUTO_BUDGET_CPU} on CPU and {@link #AUTO_BUDGET_CUDA} on CUDA.
     */
    public int batchTokenBudget(String device) {
        if (batchTokenBudget > 0) {
            return batchTokenBudget;
        }
        return device != null && device.startsWith("cuda") ? AUTO_BUDGET_CUDA : AUTO_BUDGET_CPU;
    }
}
