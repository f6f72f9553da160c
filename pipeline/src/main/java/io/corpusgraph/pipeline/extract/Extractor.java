package io.corpusgraph.pipeline.extract;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.DocumentResult;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.ExtractionStats;
import io.corpusgraph.pipeline.ModelDescription;
import io.corpusgraph.pipeline.ModelLoadException;
import io.corpusgraph.pipeline.ModelVariant;
import io.corpusgraph.pipeline.RuntimeSettings;
import io.corpusgraph.pipeline.family.ModelFamilies;
import io.corpusgraph.pipeline.family.ModelFamily;
import io.corpusgraph.pipeline.model.ModelFolder;
import io.corpusgraph.pipeline.model.TaggerConfig;
import io.corpusgraph.pipeline.onnx.DevicePlan;
import io.corpusgraph.pipeline.onnx.OnnxRunner;
import io.corpusgraph.pipeline.onnx.SessionHolder;
import io.corpusgraph.pipeline.run.BatchRunner;

/**
 * Text in, entities (and relations) out, for a batch of documents: a façade over the model folder's
 * {@link ModelFamily}, which holds the flow (for GLiNER: text → words → sub-tokens → windows → encoded
 * windows → batches → ONNX → candidates → merged per document → greedy selection → entities → relation
 * passes → relations; docs/decoding.md). Thread-safe; get the JVM-wide instance for a model with {@link #shared}.
 */
public final class Extractor implements AutoCloseable {
    private record Key(Path modelDir, String device, int intraOpThreads, ModelVariant variant) {}

    private static final Map<Key, Extractor> SHARED = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> SHARED.values().forEach(e -> e.family.close()),
                "extractors-close"));
    }

    private final ModelFamily family;
    private final boolean shared;

    private Extractor(ModelFamily family, boolean shared) {
        this.family = family;
        this.shared = shared;
    }

    /**
     * The JVM-wide instance per (canonical model folder, device, threads, variant): created on first use,
     * thread-safe, shared by every caller, released by a shutdown hook ({@link #close} does nothing on it).
     */
    public static Extractor shared(RuntimeSettings settings) {
        Key key = new Key(canonical(settings.modelDir()), DevicePlan.of(settings.device()).requested(),
                settings.intraOpThreads(), ModelVariant.of(settings.variant()));
        return SHARED.computeIfAbsent(key, k -> new Extractor(ModelFamilies.load(settings), true));
    }

    /** An instance the caller owns and closes; it still uses the JVM-wide ONNX session for the model. */
    public static Extractor open(RuntimeSettings settings) {
        return new Extractor(ModelFamilies.load(settings), false);
    }

    /**
     * Validates a model folder without creating an ONNX session: config keys, tokenizer and its added
     * tokens, model.onnx present and readable. Throws {@link ModelLoadException} naming the file and key.
     */
    public static ModelDescription describe(Path modelDir) {
        return ModelFamilies.describe(RuntimeSettings.cpu(modelDir), null);
    }

    /**
     * As {@link #describe(Path)}, and also checks that the spec's labels suit the model (valid and short
     * enough for its token limit), still without an ONNX session: a driver calls this to fail before any
     * work is distributed. The spec checked its other settings when it was built; its model settings
     * (device, variant) say which graph of the folder is described.
     *
     * @throws IllegalArgumentException for bad labels, with the same message {@link #extract} would give
     */
    public static ModelDescription describe(Path modelDir, ExtractionSpec spec) {
        RuntimeSettings model = spec.model() == null ? RuntimeSettings.cpu(modelDir)
                : new RuntimeSettings(modelDir.toString(), spec.model().device(), spec.model().intraOpThreads(), spec.model().variant());
        return ModelFamilies.describe(model, spec);
    }

    /**
     * A token-classification model's entity tags (its own labels, which {@code extraction.labels} filters), or
     * null for a GLiNER model (zero-shot: its labels are whatever the spec names) and for a folder that is neither.
     */
    public static List<String> modelTags(Path modelDir) {
        TaggerConfig tagger = taggerConfig(modelDir);
        return tagger == null ? null : tagger.tags();
    }

    /** A token-classification model's config.json (tags, default_threshold, …); null for a GLiNER folder. */
    public static TaggerConfig taggerConfig(Path modelDir) {
        return ModelFolder.guess(modelDir) == ModelFolder.TOKEN_CLASSIFICATION ? TaggerConfig.read(modelDir) : null;
    }

    /** ONNX sessions created in this JVM so far. */
    public static int sessionsCreated() {
        return SessionHolder.sessionsCreated();
    }

    public ModelDescription model() {
        return family.description();
    }

    /** The JVM-wide ONNX session this extractor runs its batches through. */
    public OnnxRunner runner() {
        return family.runner();
    }

    /** What runs the batches: the benchmark watches its inputs. */
    public BatchRunner<?> batches() {
        return family.batches();
    }

    /** What the model really runs on: "cpu" or "cuda:N". */
    public String device() {
        return family.runner().device();
    }

    public List<DocumentResult> extract(List<Document> docs, ExtractionSpec spec) {
        return extract(docs, spec, new ExtractionStats());
    }

    /**
     * @return one result per document, in input order; a bad document gets a result with an error
     * @throws IllegalArgumentException for bad labels (empty, duplicated, or too long for the model)
     */
    public List<DocumentResult> extract(List<Document> docs, ExtractionSpec spec, ExtractionStats stats) {
        if (spec == null) {
            throw new IllegalArgumentException("extraction spec is null");
        }
        return family.extract(docs, spec, stats);
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
            family.close();
        }
    }
}
