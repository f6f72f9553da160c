package io.corpusgraph.pipeline.family;

import java.util.ArrayList;
import java.util.List;

import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.DocumentResult;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.ExtractionStats;
import io.corpusgraph.pipeline.ModelDescription;
import io.corpusgraph.pipeline.decode.Candidate;
import io.corpusgraph.pipeline.encode.Prompt;
import io.corpusgraph.pipeline.encode.PromptEncoder;
import io.corpusgraph.pipeline.model.ModelBundle;
import io.corpusgraph.pipeline.onnx.OnnxRunner;
import io.corpusgraph.pipeline.relate.DocumentRelations;
import io.corpusgraph.pipeline.relate.RelationPass;
import io.corpusgraph.pipeline.relate.RelationPrompts;
import io.corpusgraph.pipeline.run.BatchRunner;
import io.corpusgraph.pipeline.run.ModelTask;
import io.corpusgraph.pipeline.text.Windowing;
import io.corpusgraph.pipeline.text.WordSplitter;

/**
 * GLiNER models (span and token level): labels are a prompt, entities are scored spans. {@link #extract}
 * is the whole flow, one step per line (docs/decoding.md has each step's rule).
 */
public final class GlinerFamily implements ModelFamily {
    private final ModelBundle model;
    private final WordSplitter splitter = new WordSplitter();
    private final PromptCache prompts;
    private final RelationPrompts relationPrompts;
    private final BatchRunner<List<Candidate>> batches;

    GlinerFamily(ModelBundle model) {
        this.model = model;
        this.prompts = new PromptCache(model.encoder());
        this.relationPrompts = new RelationPrompts(model.encoder(), splitter);
        this.batches = new BatchRunner<>(model.tensors(), model.runner(), model.decoder());
    }

    @Override
    public List<DocumentResult> extract(List<Document> docs, ExtractionSpec spec, ExtractionStats stats) {
        Prompt prompt = fitRelations(prompts.get(spec.labels()), spec);                       // labels → prompt
        Windowing windowing = new Windowing(maxWindowWords(spec), spec.windowOverlapWords(), prompt.textBudget());
        List<DocumentWork> work = docs.stream()                                               // text → encoded windows
                .map(doc -> DocumentWork.prepare(doc, splitter, model.encoder(), prompt, windowing, stats)).toList();
        List<ModelTask<List<Candidate>>> windows = work.stream().flatMap(job -> job.windowTasks().stream()).toList();
        batches.run(windows, spec.threshold(), spec.batchTokenBudget(runner().device()), stats);                 // → candidates
        work.forEach(job -> job.select(spec, stats));                                          // → entities
        if (spec.relations().enabled()) {
            relate(work, spec, prompt.textBudget(), stats);                                    // → tails
        }
        return work.stream().map(job -> job.result(stats)).toList();                           // → results
    }

    /** Entities of every document → relation passes over their windows → the same batching and model → tails. */
    private void relate(List<DocumentWork> work, ExtractionSpec spec, int wordBudget, ExtractionStats stats) {
        long t0 = System.nanoTime();
        List<RelationPass> passes = new ArrayList<>();
        for (DocumentWork job : work) {
            if (job.error == null && !job.entities.isEmpty()) {
                job.relations = new DocumentRelations(job.spans, job.entities, spec.relations());
                passes.addAll(job.relations.passes(relationPrompts, model.encoder(), job.tokens, job.windows, wordBudget));
            }
        }
        stats.add(Counter.RELATION_PASSES, passes.size());
        stats.time(Counter.RELATIONS_NANOS, t0);
        batches.run(passes, spec.relations().threshold(), spec.batchTokenBudget(runner().device()), stats);
    }

    /** With relations on, NER windows shrink so that each leaves the relation pass its prefix and some labels' room. */
    private Prompt fitRelations(Prompt prompt, ExtractionSpec spec) {
        if (!spec.relations().enabled()) {
            return prompt;
        }
        model.encoder().prompt(spec.relations().labels()); // relation names must be valid labels (no marker tokens)
        int limit = model.description().tokenLimit();
        int budget = Math.min(prompt.textBudget(), limit - relationPrompts.reservedTokens());
        if (budget < PromptEncoder.MIN_TEXT_BUDGET) {
            throw new IllegalArgumentException("labels and relations take " + (limit - budget) + " of the model's "
                    + limit + " tokens: use fewer or shorter labels");
        }
        return prompt.withTextBudget(budget);
    }

    /** The configured window length within the model's max_len (and the relation pass's room). */
    private int maxWindowWords(ExtractionSpec spec) {
        int maxLen = model.description().maxLen();
        int words = spec.maxWindowWords() > 0 ? Math.min(maxLen, spec.maxWindowWords()) : maxLen;
        return spec.relations().enabled() ? Math.max(1, Math.min(words, maxLen - relationPrompts.reservedWords())) : words;
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
