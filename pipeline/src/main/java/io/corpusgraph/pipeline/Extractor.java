package io.corpusgraph.pipeline;

import ai.onnxruntime.OrtException;
import io.corpusgraph.pipeline.decode.Candidate;
import io.corpusgraph.pipeline.decode.GreedySelector;
import io.corpusgraph.pipeline.decode.WindowMerger;
import io.corpusgraph.pipeline.encode.BatchPlanner;
import io.corpusgraph.pipeline.encode.EncodedWindow;
import io.corpusgraph.pipeline.encode.InputTensor;
import io.corpusgraph.pipeline.encode.Prompt;
import io.corpusgraph.pipeline.encode.WordTokens;
import io.corpusgraph.pipeline.model.ModelBundle;
import io.corpusgraph.pipeline.encode.PromptEncoder;
import io.corpusgraph.pipeline.onnx.DevicePlan;
import io.corpusgraph.pipeline.onnx.ModelTask;
import io.corpusgraph.pipeline.onnx.OnnxRunner;
import io.corpusgraph.pipeline.onnx.OutputTensor;
import io.corpusgraph.pipeline.onnx.SessionHolder;
import io.corpusgraph.pipeline.relate.DocumentRelations;
import io.corpusgraph.pipeline.relate.RelationPass;
import io.corpusgraph.pipeline.relate.RelationPrompts;
import io.corpusgraph.pipeline.text.Window;
import io.corpusgraph.pipeline.text.Windowing;
import io.corpusgraph.pipeline.text.WordSplitter;
import io.corpusgraph.pipeline.text.Words;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Text in, entities (and relations) out, for a batch of documents. {@link #extract} reads top to bottom as
 * the data flows: text → words → sub-tokens → windows → encoded windows → batches → tensors → ONNX → window
 * candidates → merged per document → greedy selection → entities; then, when relation labels are given,
 * entities → relation passes over the same windows → the same batches, ONNX and decoding → tails → relations
 * ({@link DocumentRelations}). Thread-safe; get the JVM-wide instance for a model with {@link #shared}.
 */
public final class Extractor implements AutoCloseable {
    private record Key(Path modelDir, String device, int intraOpThreads) {}

    private static final Map<Key, Extractor> SHARED = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_PROMPTS = 256;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> SHARED.values().forEach(e -> e.model.close()),
                "extractors-close"));
    }

    private final ModelBundle model;
    private final boolean shared;
    private final WordSplitter splitter = new WordSplitter();
    private final Map<List<String>, Prompt> prompts = new ConcurrentHashMap<>();
    private final RelationPrompts relationPrompts;

    private Extractor(ModelBundle model, boolean shared) {
        this.model = model;
        this.shared = shared;
        this.relationPrompts = new RelationPrompts(model.encoder(), splitter);
    }

    /**
     * The JVM-wide instance per (canonical model folder, device, threads): created on first use,
     * thread-safe, shared by every caller, released by a shutdown hook ({@link #close} does nothing on it).
     */
    public static Extractor shared(RuntimeSettings settings) {
        Key key = new Key(canonical(settings.modelDir()), DevicePlan.of(settings.device()).requested(),
                settings.intraOpThreads());
        return SHARED.computeIfAbsent(key, k -> new Extractor(ModelBundle.load(settings), true));
    }

    /** An instance the caller owns and closes; it still uses the JVM-wide ONNX session for the model. */
    public static Extractor open(RuntimeSettings settings) {
        return new Extractor(ModelBundle.load(settings), false);
    }

    /**
     * Validates a model folder without creating an ONNX session: config keys, tokenizer and its added
     * tokens, model.onnx present and readable. Throws {@link ModelLoadException} naming the file and key.
     */
    public static ModelDescription describe(Path modelDir) {
        return ModelBundle.describe(modelDir);
    }

    /**
     * As {@link #describe(Path)}, and also checks that {@code params} suit the model (labels valid and
     * short enough for its token limit, settings in range), still without an ONNX session: a driver
     * calls this to fail before any work is distributed.
     *
     * @throws IllegalArgumentException for bad parameters, with the same message {@link #extract} would give
     */
    public static ModelDescription describe(Path modelDir, ExtractionParams params) {
        checkSettings(params);
        return ModelBundle.describe(modelDir, params.labels());
    }

    /** ONNX sessions created in this JVM so far. */
    public static int sessionsCreated() {
        return SessionHolder.sessionsCreated();
    }

    public ModelDescription model() {
        return model.description();
    }

    /** The JVM-wide ONNX session this extractor runs its batches through. */
    public OnnxRunner runner() {
        return model.runner();
    }

    /** What the model really runs on: "cpu" or "cuda:N". */
    public String device() {
        return model.runner().device();
    }

    public List<DocumentResult> extract(List<Document> docs, ExtractionParams params) {
        return extract(docs, params, new ExtractionStats());
    }

    /**
     * @return one result per document, in input order; a bad document gets a result with an error
     * @throws IllegalArgumentException for bad parameters (labels empty, duplicated, or too long for the model)
     */
    public List<DocumentResult> extract(List<Document> docs, ExtractionParams params, ExtractionStats stats) {
        Prompt prompt = prompt(params);
        int maxWords = maxWindowWords(params);
        if (params.relations().enabled()) {
            prompt = leaveRoomForRelations(prompt, params);
            maxWords = Math.max(1, Math.min(maxWords, model.description().maxLen() - relationPrompts.reservedWords()));
        }
        Windowing windowing = new Windowing(maxWords, params.windowOverlapWords(), prompt.textBudget());

        List<DocumentWork> work = new ArrayList<>(docs.size());
        for (Document doc : docs) {
            work.add(prepare(doc, prompt, windowing, stats));
        }
        List<WindowTask> windows = new ArrayList<>();
        for (DocumentWork job : work) {
            for (int w = 0; w < job.windows.size(); w++) {
                windows.add(new WindowTask(job, job.windows.get(w), job.encoded.get(w)));
            }
        }
        runModel(windows, params.threshold(), params.batchTokenBudget(), stats);
        for (DocumentWork job : work) {
            select(job, params, stats);
        }
        if (params.relations().enabled()) {
            relate(work, params, prompt.textBudget(), stats);
        }

        List<DocumentResult> results = new ArrayList<>(work.size());
        for (DocumentWork job : work) {
            results.add(result(job, stats));
        }
        return results;
    }

    /** Text → words (split here unless the document brings its own) → sub-tokens → windows → encoded windows. */
    private DocumentWork prepare(Document doc, Prompt prompt, Windowing windowing, ExtractionStats stats) {
        stats.documents++;
        String id = doc == null ? null : doc.id();
        String text = doc == null ? null : doc.text();
        if (text == null) {
            return DocumentWork.failed(id, "null text");
        }
        long t0 = System.nanoTime();
        Words words = doc.words() != null ? Words.joined(doc.words()) : splitter.split(text);
        long t1 = System.nanoTime();
        stats.splitNanos += t1 - t0;
        if (words.count() == 0) {
            return DocumentWork.failed(id, "empty text");
        }
        try {
            WordTokens tokens = model.encoder().tokenize(words);
            List<Window> windows = windowing.windows(tokens.subTokenCounts());
            List<EncodedWindow> encoded = new ArrayList<>(windows.size());
            for (Window window : windows) {
                encoded.add(model.encoder().encode(prompt, tokens, window));
            }
            stats.words += words.count();
            stats.windows += windows.size();
            return new DocumentWork(id, words, tokens, windows, encoded);
        } catch (RuntimeException e) {
            return DocumentWork.failed(id, "tokenizer failed: " + e.getMessage());
        } finally {
            stats.tokenizeNanos += System.nanoTime() - t1;
        }
    }

    /** Model inputs of all documents → length-sorted batches → tensors → ONNX → candidates to each task. */
    private void runModel(List<? extends ModelTask> tasks, double threshold, int batchTokenBudget, ExtractionStats stats) {
        int[] tokenCounts = tasks.stream().mapToInt(task -> task.encoded().tokenCount()).toArray();
        for (int[] batchIndexes : new BatchPlanner(batchTokenBudget).plan(tokenCounts)) {
            runBatch(Arrays.stream(batchIndexes).mapToObj(i -> (ModelTask) tasks.get(i)).toList(), (float) threshold, stats);
        }
    }

    /**
     * One ONNX call for a batch of windows, decoded into each task. Should ONNX Runtime fail,
     * the two halves are tried apart, down to the single window that fails, so that only the document
     * owning it is marked failed and its batch-mates keep their results.
     */
    private void runBatch(List<ModelTask> batch, float threshold, ExtractionStats stats) {
        long t0 = System.nanoTime();
        List<EncodedWindow> windows = batch.stream().map(ModelTask::encoded).toList();
        List<InputTensor> inputs = model.tensors().build(windows);
        long t1 = System.nanoTime();
        stats.tensorsNanos += t1 - t0;
        countTokens(windows, stats);
        recordSequenceLength(inputs, stats);

        OutputTensor output;
        try {
            output = model.runner().run(inputs);
        } catch (OrtException | RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).fail("model failed: " + e.getMessage());
            } else {
                int half = batch.size() / 2;
                runBatch(batch.subList(0, half), threshold, stats);
                runBatch(batch.subList(half, batch.size()), threshold, stats);
            }
            return;
        } finally {
            stats.onnxCalls++;
            stats.onnxNanos += System.nanoTime() - t1;
        }

        long t2 = System.nanoTime();
        for (int row = 0; row < batch.size(); row++) {
            ModelTask task = batch.get(row);
            task.accept(model.decoder().decode(output, row, task.encoded().wordCount(), threshold));
        }
        stats.decodeNanos += System.nanoTime() - t2;
    }

    /** Merged candidates → greedy selection over the whole document → entities with code point offsets. */
    private void select(DocumentWork job, ExtractionParams params, ExtractionStats stats) {
        if (job.error != null) {
            return;
        }
        long t0 = System.nanoTime();
        job.spans = new GreedySelector(params.flatNer(), params.multiLabel()).select(job.merger.candidates());
        job.entities = new ArrayList<>(job.spans.size());
        for (Candidate c : job.spans) {
            job.entities.add(new Entity(job.words.codePointStart(c.start()), job.words.codePointEnd(c.end()),
                    job.words.textBetween(c.start(), c.end()), params.labels().get(c.label()), c.score()));
        }
        stats.decodeNanos += System.nanoTime() - t0;
    }

    /** Entities of every document → relation passes over their windows → the same batching and model → tails. */
    private void relate(List<DocumentWork> work, ExtractionParams params, int wordBudget, ExtractionStats stats) {
        long t0 = System.nanoTime();
        List<RelationPass> passes = new ArrayList<>();
        for (DocumentWork job : work) {
            if (job.error == null && !job.entities.isEmpty()) {
                job.relations = new DocumentRelations(job.spans, job.entities, params.relations());
                passes.addAll(job.relations.passes(relationPrompts, model.encoder(), job.tokens, job.windows, wordBudget));
            }
        }
        stats.relationPasses += passes.size();
        stats.tokenizeNanos += System.nanoTime() - t0;
        runModel(passes, params.relations().threshold(), params.batchTokenBudget(), stats);
    }

    private DocumentResult result(DocumentWork job, ExtractionStats stats) {
        if (job.error == null && job.relations != null && job.relations.error() != null) {
            job.error = job.relations.error();
        }
        if (job.error != null) {
            return new DocumentResult(job.id, List.of(), job.words == null ? 0 : job.words.count(), job.windows.size(), job.error);
        }
        stats.entities += job.entities.size();
        if (job.relations == null) {
            return new DocumentResult(job.id, job.entities, job.words.count(), job.windows.size(), null);
        }
        long t0 = System.nanoTime();
        DocumentRelations.Result found = job.relations.finish();
        stats.relations += found.relations().size();
        stats.relationsDropped += found.dropped();
        stats.decodeNanos += System.nanoTime() - t0;
        return new DocumentResult(job.id, job.entities, found.relations(), found.dropped(), job.words.count(),
                job.windows.size(), null);
    }

    /** NER windows shrink so that each leaves the relation pass its prefix and some labels' room. */
    private Prompt leaveRoomForRelations(Prompt prompt, ExtractionParams params) {
        model.encoder().prompt(params.relations().labels()); // relation names must be valid labels (no marker tokens)
        int budget = Math.min(prompt.textBudget(), model.description().tokenLimit() - relationPrompts.reservedTokens());
        if (budget < PromptEncoder.MIN_TEXT_BUDGET) {
            throw new IllegalArgumentException("labels and relations take " + (model.description().tokenLimit() - budget)
                    + " of the model's " + model.description().tokenLimit() + " tokens: use fewer or shorter labels");
        }
        return prompt.withTextBudget(budget);
    }

    private Prompt prompt(ExtractionParams params) {
        checkSettings(params);
        Prompt cached = params.labels() == null ? null : prompts.get(params.labels());
        if (cached != null) {
            return cached;
        }
        Prompt prompt = model.encoder().prompt(params.labels());
        if (prompts.size() >= MAX_CACHED_PROMPTS) {
            prompts.clear();
        }
        prompts.put(prompt.labels(), prompt);
        return prompt;
    }

    /** The checks on params that need no model; the labels are checked when their prompt is built. */
    private static void checkSettings(ExtractionParams params) {
        if (params == null) {
            throw new IllegalArgumentException("extraction params are null");
        }
        if (Double.isNaN(params.threshold()) || params.threshold() < 0 || params.threshold() > 1) {
            throw new IllegalArgumentException("threshold must be within [0, 1], got " + params.threshold());
        }
        if (params.maxWindowWords() < 0) {
            throw new IllegalArgumentException("maxWindowWords must be 0 (the model's max_len) or positive, got "
                    + params.maxWindowWords());
        }
        if (params.batchTokenBudget() < 1) {
            throw new IllegalArgumentException("batchTokenBudget must be positive, got " + params.batchTokenBudget());
        }
        if (params.relations().enabled()) {
            params.relations().check(params.labels() == null ? List.of() : params.labels());
        }
    }

    private int maxWindowWords(ExtractionParams params) {
        int maxLen = model.description().maxLen();
        return params.maxWindowWords() > 0 ? Math.min(maxLen, params.maxWindowWords()) : maxLen;
    }

    private static void countTokens(List<EncodedWindow> batch, ExtractionStats stats) {
        int longest = 0;
        for (EncodedWindow window : batch) {
            stats.tokens += window.tokenCount();
            longest = Math.max(longest, window.tokenCount());
        }
        for (EncodedWindow window : batch) {
            stats.paddedTokens += longest - window.tokenCount();
        }
    }

    /** The sequence length ONNX Runtime is actually given, read off the input_ids tensor (the padded length). */
    private static void recordSequenceLength(List<InputTensor> inputs, ExtractionStats stats) {
        for (InputTensor input : inputs) {
            if (input.name().equals("input_ids")) {
                stats.maxSequenceTokens = Math.max(stats.maxSequenceTokens, input.shape()[1]);
            }
        }
    }

    private static Path canonical(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    /** Releases an instance from {@link #open}; shared instances live until the JVM exits. */
    @Override
    public void close() {
        if (!shared) {
            model.close();
        }
    }

    /** One window of one document, as it goes into a batch. */
    private record WindowTask(DocumentWork document, Window window, EncodedWindow encoded) implements ModelTask {
        @Override
        public void accept(List<Candidate> candidates) {
            document.merger.add(candidates, window.start());
        }

        @Override
        public void fail(String error) {
            document.error = error;
        }
    }

    /** One document on its way through: what each stage produced, or why it stopped. */
    private static final class DocumentWork {
        final String id;
        final Words words;
        final WordTokens tokens;
        final List<Window> windows;
        final List<EncodedWindow> encoded;
        final WindowMerger merger = new WindowMerger();
        List<Candidate> spans;
        List<Entity> entities;
        DocumentRelations relations;
        String error;

        DocumentWork(String id, Words words, WordTokens tokens, List<Window> windows, List<EncodedWindow> encoded) {
            this.id = id;
            this.words = words;
            this.tokens = tokens;
            this.windows = windows;
            this.encoded = encoded;
        }

        static DocumentWork failed(String id, String error) {
            DocumentWork work = new DocumentWork(id, null, null, List.of(), List.of());
            work.error = error;
            return work;
        }
    }
}
