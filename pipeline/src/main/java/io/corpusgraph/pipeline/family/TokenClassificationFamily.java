package io.corpusgraph.pipeline.family;

import java.util.List;

import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.DocumentResult;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.ExtractionStats;
import io.corpusgraph.pipeline.ModelDescription;
import io.corpusgraph.pipeline.SettingsException;
import io.corpusgraph.pipeline.TokenClassParams;
import io.corpusgraph.pipeline.model.TaggerBundle;
import io.corpusgraph.pipeline.onnx.OnnxRunner;
import io.corpusgraph.pipeline.run.BatchRunner;
import io.corpusgraph.pipeline.run.ModelTask;
import io.corpusgraph.pipeline.tagging.SoftmaxDecoder;
import io.corpusgraph.pipeline.tagging.TagDecoding;
import io.corpusgraph.pipeline.tagging.TaggerTensors;
import io.corpusgraph.pipeline.tagging.TokenWindows;

/**
 * Token-classification (BIO) models, Hugging Face's {@code *ForTokenClassification} exports: the labels come
 * from the model ({@code extraction.labels} only filters them), every token is scored, and entities are runs of
 * tags. {@link #extract} is the whole flow, one step per line (docs/token-classification-contract.md §3).
 */
public final class TokenClassificationFamily implements ModelFamily {
    private final TaggerBundle model;
    private final BatchRunner<float[][]> batches;
    private final int specialTokens;

    TokenClassificationFamily(TaggerBundle model) {
        this.model = model;
        this.specialTokens = model.tokenizer().prefix().length + model.tokenizer().suffix().length;
        this.batches = new BatchRunner<>(new TaggerTensors(model.tokenizer().padId(), model.runner().inputNames().contains("token_type_ids")),
                model.runner(), new SoftmaxDecoder(model.tokenizer().prefix().length));
    }

    @Override
    public List<DocumentResult> extract(List<Document> docs, ExtractionSpec spec, ExtractionStats stats) {
        List<String> tags = tags(model.description(), spec);                                     // labels → tags kept
        TokenWindows windowing = windows(model.description(), spec.tokenClassification(), specialTokens);
        List<TaggedDocument> work = docs.stream()                                                 // text → token windows
                .map(doc -> TaggedDocument.prepare(doc, model.tokenizer(), windowing, stats)).toList();
        List<ModelTask<float[][]>> windows = work.stream().flatMap(job -> job.windowTasks().stream()).toList();
        batches.run(windows, spec.threshold(), spec.batchTokenBudget(runner().device()), stats);                  // → token probabilities
        TagDecoding decoding = new TagDecoding(model.config().labels(), spec.tokenClassification().aggregation(),
                spec.threshold(), tags);
        work.forEach(job -> job.decode(decoding, stats));                                          // → entities
        return work.stream().map(job -> job.result(stats)).toList();                              // → results
    }

    /**
     * The tags an extraction keeps: the spec's labels, each of which must be one of the model's tags, or all the
     * model's tags when it names none. A token-classification model finds no relations, so relation labels are an error.
     *
     * @throws SettingsException naming the model's labels
     */
    static List<String> tags(ModelDescription model, ExtractionSpec spec) {
        if (spec.relations().enabled()) {
            throw new SettingsException("relations.labels = " + spec.relations().labels() + ": the token-classification model "
                    + model.modelDir().getFileName() + " finds entities only, no relations; leave relations.labels empty");
        }
        if (spec.labels() == null || spec.labels().isEmpty()) {
            return model.tags();
        }
        for (String label : spec.labels()) {
            if (!model.tags().contains(label)) {
                throw new SettingsException("extraction.labels: '" + label + "' is not a label of the token-classification model "
                        + model.modelDir().getFileName() + "; its labels: " + String.join(", ", model.tags()));
            }
        }
        return spec.labels();
    }

    /** Contract §3.2: content length {@code min(window-tokens, max_position_embeddings) − specials}, {@code 0 ≤ stride < it}. */
    static TokenWindows windows(ModelDescription model, TokenClassParams params, int specialTokens) {
        int length = Math.min(params.windowTokens(), model.tokenLimit()) - specialTokens;
        if (length < 1 || params.stride() >= length) {
            throw new SettingsException("extraction.token-classification.stride = " + params.stride() + ": must be below the "
                    + Math.max(length, 0) + " content tokens of a window (window-tokens " + params.windowTokens()
                    + ", the model's max_position_embeddings " + model.tokenLimit() + ", " + specialTokens + " special tokens)");
        }
        return new TokenWindows(length, params.stride());
    }

    @Override
    public ModelDescription description() {
        return model.description();
    }

    @Override
    public BatchRunner<?> batches() {
        return batches;
    }

    @Override
    public OnnxRunner runner() {
        return model.runner();
    }

    @Override
    public void close() {
        model.close();
    }
}
