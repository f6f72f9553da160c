package io.corpusgraph.pipeline.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.corpusgraph.pipeline.ModelDescription;
import io.corpusgraph.pipeline.ModelLoadException;
import io.corpusgraph.pipeline.ModelVariant;
import io.corpusgraph.pipeline.RuntimeSettings;
import io.corpusgraph.pipeline.decode.Candidate;
import io.corpusgraph.pipeline.decode.SpanDecoder;
import io.corpusgraph.pipeline.decode.TokenDecoder;
import io.corpusgraph.pipeline.decode.WindowDecoder;
import io.corpusgraph.pipeline.encode.BatchTensors;
import io.corpusgraph.pipeline.encode.PromptEncoder;
import io.corpusgraph.pipeline.encode.SpanTensors;
import io.corpusgraph.pipeline.encode.TokenTensors;
import io.corpusgraph.pipeline.onnx.DevicePlan;
import io.corpusgraph.pipeline.onnx.OnnxRunner;
import io.corpusgraph.pipeline.onnx.SessionHolder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A GLiNER model folder made ready to run: {@code gliner_config.json}, the tokenizer, the ONNX session,
 * and the two family-specific parts (how to build a batch's inputs and how to read its output),
 * chosen from the config's {@code span_mode} and the graph's output shape.
 */
public final class ModelBundle implements AutoCloseable {
    public static final String MODEL_FILE = "model.onnx";
    public static final String TOKENIZER_FILE = "tokenizer.json";
    private static final List<String> COMMON_INPUTS = List.of("input_ids", "attention_mask", "words_mask", "text_lengths");
    private static final List<String> SPAN_INPUTS = List.of("span_idx", "span_mask");

    private final ModelDescription description;
    private final GlinerConfig config;
    private final PromptEncoder encoder;
    private final OnnxRunner runner;
    private final BatchTensors tensors;
    private final WindowDecoder<List<Candidate>> decoder;

    private ModelBundle(ModelDescription description, GlinerConfig config, PromptEncoder encoder, OnnxRunner runner) {
        this.description = description;
        this.config = config;
        this.encoder = encoder;
        this.runner = runner;
        checkInputs(runner.inputNames(), config);
        if (config.tokenLevel()) {
            this.tensors = new TokenTensors();
            this.decoder = new TokenDecoder(TokenDecoder.Layout.of(runner.outputShape()));
        } else {
            this.tensors = new SpanTensors(config.maxWidth());
            this.decoder = new SpanDecoder();
        }
    }

    /** Checks the folder (config, tokenizer and its marker tokens, model file) without starting ONNX Runtime. */
    public static ModelDescription describe(Path modelDir) {
        return describe(RuntimeSettings.cpu(modelDir), null);
    }

    /**
     * As {@link #describe(Path)}, and when {@code labels} is not null also builds their prompt, so that a
     * label list that is invalid or too long for the model's token limit fails here (IllegalArgumentException).
     */
    public static ModelDescription describe(RuntimeSettings settings, List<String> labels) {
        Path dir = checkFolder(settings.modelDir());
        GlinerConfig config = GlinerConfig.read(dir);
        try (PromptEncoder encoder = openEncoder(dir, config)) { // loads and checks the tokenizer, then lets it go
            if (labels != null) {
                encoder.prompt(labels);
            }
        }
        return description(dir, config, settings);
    }

    /** Loads the folder and takes the JVM-wide session for it (created on first use). */
    public static ModelBundle load(RuntimeSettings settings) {
        Path dir = checkFolder(settings.modelDir());
        GlinerConfig config = GlinerConfig.read(dir);
        PromptEncoder encoder = openEncoder(dir, config);
        try {
            ModelDescription description = description(dir, config, settings);
            OnnxRunner runner = SessionHolder.runner(description.graph(), settings.device(), settings.intraOpThreads(),
                    description.modelId());
            return new ModelBundle(description, config, encoder, runner);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    public ModelDescription description() {
        return description;
    }

    public GlinerConfig config() {
        return config;
    }

    public PromptEncoder encoder() {
        return encoder;
    }

    public OnnxRunner runner() {
        return runner;
    }

    public BatchTensors tensors() {
        return tensors;
    }

    public WindowDecoder<List<Candidate>> decoder() {
        return decoder;
    }

    static Path checkFolder(Path modelDir) {
        if (modelDir == null || !Files.isDirectory(modelDir)) {
            throw new ModelLoadException("model folder " + modelDir + " does not exist or is not a folder");
        }
        return modelDir.toAbsolutePath().normalize();
    }

    /** Loads the tokenizer and checks that the config's marker tokens are single tokens of it. */
    private static PromptEncoder openEncoder(Path dir, GlinerConfig config) {
        Path file = dir.resolve(TOKENIZER_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(TOKENIZER_FILE + ": file missing in " + dir);
        }
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = PromptEncoder.loadTokenizer(file);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(TOKENIZER_FILE + ": cannot be loaded from " + dir + ": " + e.getMessage(), e);
        }
        PromptEncoder encoder = new PromptEncoder(tokenizer, config.entToken(), config.sepToken(), config.tokenLimit());
        try {
            long[] ent = encoder.wordIds(config.entToken());
            if (ent.length != 1 || ent[0] != config.classTokenIndex()) {
                throw new ModelLoadException(TOKENIZER_FILE + ": " + config.entToken() + " encodes to " + Arrays.toString(ent)
                        + " but " + GlinerConfig.FILE + " class_token_index is " + config.classTokenIndex());
            }
            long[] sep = encoder.wordIds(config.sepToken());
            if (sep.length != 1) {
                throw new ModelLoadException(TOKENIZER_FILE + ": " + config.sepToken() + " encodes to " + Arrays.toString(sep)
                        + " but " + GlinerConfig.FILE + " sep_token must be one added token");
            }
            return encoder;
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /** The graph the settings choose ({@link ModelVariant}), and the id that names it. */
    private static ModelDescription description(Path dir, GlinerConfig config, RuntimeSettings settings) {
        Graph graph = graph(dir, settings);
        return new ModelDescription(graph.modelId(), dir, graph.file(), graph.variant().spelling(), config.spanMode(),
                config.maxWidth(), config.maxLen(), config.tokenLimit(), null);
    }

    /** Which ONNX file of a folder runs, as {@link ModelVariant} it, and the model id that names it. */
    record Graph(Path file, ModelVariant variant, String modelId) {}

    /**
     * The graph the settings choose in any model folder (GLiNER or token classification): the variant resolved,
     * the file found, its external data checked, and its id {@code <folder>[:int8]@<sha256 prefix>}.
     */
    static Graph graph(Path dir, RuntimeSettings settings) {
        ModelVariant variant;
        try {
            variant = resolve(settings.variant(), dir, settings.device());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        Path graph = variant.file(dir);
        if (graph == null) {
            throw new ModelLoadException(variant.fileNames().get(0) + ": file missing in " + dir
                    + (variant == ModelVariant.FP32 ? "" : " (model variant " + variant.spelling() + ")"));
        }
        String modelId = dir.getFileName() + (variant == ModelVariant.INT8 ? ":int8" : "") + "@" + sha256(graph).substring(0, 12);
        // Before ONNX Runtime ever opens the file: external weights must come from inside the folder.
        ExternalDataCheck.check(graph);
        return new Graph(graph, variant, modelId);
    }

    /**
     * The concrete variant for a folder and a device setting: {@code auto} is int8 when the model will
     * run on CPU (device {@code cpu}, or {@code auto} with no GPU visible) and the folder has an int8 graph,
     * fp32 otherwise.
     */
    static ModelVariant resolve(String setting, Path dir, String device) {
        ModelVariant asked = ModelVariant.of(setting);
        if (asked != ModelVariant.AUTO) {
            return asked;
        }
        return !DevicePlan.of(device).triesCuda() && ModelVariant.INT8.file(dir) != null ? ModelVariant.INT8 : ModelVariant.FP32;
    }

    private static String sha256(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file.getFileName() + ": file missing in " + file.getParent());
        }
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ModelLoadException(file.getFileName() + ": cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void checkInputs(Set<String> inputs, GlinerConfig config) {
        List<String> needed = new ArrayList<>(COMMON_INPUTS);
        if (!config.tokenLevel()) {
            needed.addAll(SPAN_INPUTS);
        }
        for (String name : needed) {
            if (!inputs.contains(name)) {
                throw new ModelLoadException(MODEL_FILE + ": input '" + name + "' missing (has " + inputs + "); "
                        + GlinerConfig.FILE + " span_mode is " + config.spanMode());
            }
        }
    }

    /** Releases the tokenizer; the session belongs to {@link SessionHolder} and lives until JVM exit. */
    @Override
    public void close() {
        encoder.close();
    }
}
