package io.corpusgraph.pipeline.model;

import io.corpusgraph.pipeline.ModelDescription;
import io.corpusgraph.pipeline.ModelLoadException;
import io.corpusgraph.pipeline.RuntimeSettings;
import io.corpusgraph.pipeline.onnx.OnnxRunner;
import io.corpusgraph.pipeline.onnx.SessionHolder;
import io.corpusgraph.pipeline.tagging.TaggerTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A token-classification model folder made ready to run (docs/token-classification-contract.md §1, §2):
 * {@code config.json}, the tokenizer, and the ONNX session of the graph {@code model.variant} chooses (the
 * same choice and model id as a GLiNER folder's, {@link ModelBundle#graph}).
 */
public final class TaggerBundle implements AutoCloseable {
    private final ModelDescription description;
    private final TaggerConfig config;
    private final TaggerTokenizer tokenizer;
    private final OnnxRunner runner;

    private TaggerBundle(ModelDescription description, TaggerConfig config, TaggerTokenizer tokenizer, OnnxRunner runner) {
        this.description = description;
        this.config = config;
        this.tokenizer = tokenizer;
        this.runner = runner;
        for (String name : new String[] {"input_ids", "attention_mask"}) {
            if (!runner.inputNames().contains(name)) {
                throw new ModelLoadException(description.graph().getFileName() + ": input '" + name + "' missing (has "
                        + runner.inputNames() + "); a token-classification model takes input_ids and attention_mask");
            }
        }
        long[] shape = runner.outputShape();
        if (shape.length != 3 || (shape[2] > 0 && shape[2] != config.labels().size())) {
            throw new ModelLoadException(description.graph().getFileName() + ": output " + java.util.Arrays.toString(shape)
                    + " is not [batch, tokens, " + config.labels().size() + " labels of " + TaggerConfig.FILE + "]");
        }
    }

    /** Checks the folder (config.json, tokenizer, graph) without starting ONNX Runtime. */
    public static ModelDescription describe(RuntimeSettings settings) {
        Path dir = ModelBundle.checkFolder(settings.modelDir());
        TaggerConfig config = TaggerConfig.read(dir);
        openTokenizer(dir).close();
        return description(dir, config, settings);
    }

    /** Loads the folder and takes the JVM-wide session for it (created on first use). */
    public static TaggerBundle load(RuntimeSettings settings) {
        Path dir = ModelBundle.checkFolder(settings.modelDir());
        TaggerConfig config = TaggerConfig.read(dir);
        TaggerTokenizer tokenizer = openTokenizer(dir);
        try {
            ModelDescription description = description(dir, config, settings);
            OnnxRunner runner = SessionHolder.runner(description.graph(), settings.device(), settings.intraOpThreads(),
                    description.modelId());
            return new TaggerBundle(description, config, tokenizer, runner);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    public ModelDescription description() {
        return description;
    }

    public TaggerConfig config() {
        return config;
    }

    public TaggerTokenizer tokenizer() {
        return tokenizer;
    }

    public OnnxRunner runner() {
        return runner;
    }

    private static TaggerTokenizer openTokenizer(Path dir) {
        Path file = dir.resolve(ModelBundle.TOKENIZER_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(ModelBundle.TOKENIZER_FILE + ": file missing in " + dir);
        }
        try {
            return TaggerTokenizer.load(file);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(ModelBundle.TOKENIZER_FILE + ": cannot be loaded from " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ModelDescription description(Path dir, TaggerConfig config, RuntimeSettings settings) {
        ModelBundle.Graph graph = ModelBundle.graph(dir, settings);
        return new ModelDescription(graph.modelId(), dir, graph.file(), graph.variant().spelling(),
                ModelDescription.TOKEN_CLASSIFICATION, 0, config.maxPositions(), config.maxPositions(), config.tags());
    }

    /** Releases the tokenizer; the session belongs to {@link SessionHolder} and lives until JVM exit. */
    @Override
    public void close() {
        tokenizer.close();
    }
}
