package io.corpusgraph.pipeline;

import io.corpusgraph.pipeline.spec.SpecConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The tiny model folders and the golden files made by training/ (never by the code under test). Goldens
 * of the shipped default model name its folder relative to the project root ({@code model_dir}).
 */
public final class TestModels {
    /** Tests run in the module's folder. */
    public static final Path PROJECT = Path.of("..");
    public static final Path MODELS = Path.of("src/test/resources/models");
    public static final Path GOLDEN = Path.of("src/test/resources/golden");
    public static final Path SPAN = MODELS.resolve("tiny-span");
    public static final Path TOKEN = MODELS.resolve("tiny-token");
    public static final Path TOKEN_V0 = MODELS.resolve("tiny-token-v0");
    /** The tiny token-classification (BIO) model: CoNLL-2003 tags PER, ORG, LOC, MISC. */
    public static final Path BIO = MODELS.resolve("tiny-bio");
    /** The shipped Chinese token-classification model (CLUENER2020 labels). */
    public static final Path ZH_CLUENER = PROJECT.resolve("sample-data/models/corpusgraph-zh-cluener-v1");

    private TestModels() {}

    /**
     * The model's fp32 graph on CPU, 2 threads: the graph the Python goldens were computed from (with
     * {@code auto}, a folder that ships model_quantized.onnx would run int8 on CPU).
     */
    public static RuntimeSettings cpu(Path model) {
        return new RuntimeSettings(model, "cpu", 2).withVariant(ModelVariant.FP32.spelling());
    }

    /** The model's int8 graph on CPU, 2 threads. */
    public static RuntimeSettings int8(Path model) {
        return new RuntimeSettings(model, "cpu", 2).withVariant(ModelVariant.INT8.spelling());
    }

    /** A copy of a model folder that a test may break. */
    public static Path copy(Path model, Path into) {
        try {
            Path target = into.resolve(model.getFileName());
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(model)) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Entity goldens: {@code <model>.json}. */
    public static List<Path> goldenFiles() {
        return golden(false);
    }

    /** Relation goldens: {@code <model>-relations.json}. */
    public static List<Path> relationGoldenFiles() {
        return golden(true);
    }

    /** Token-classification goldens: {@code <model>-bio.json} (docs/token-classification-contract.md §4). */
    public static List<Path> bioGoldenFiles() {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            return files.filter(f -> f.toString().endsWith("-bio.json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> golden(boolean relations) {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            return files.filter(f -> f.toString().endsWith(".json") && !f.toString().endsWith("-bio.json")
                            && f.toString().endsWith("-relations.json") == relations)
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A golden case's labels. */
    public static List<String> caseLabels(JsonNode c) {
        List<String> labels = new ArrayList<>();
        c.get("labels").forEach(l -> labels.add(l.asText()));
        return labels;
    }

    /** The settings a golden case was computed with (labels, threshold, mode, windows), over the bundled defaults. */
    public static ExtractionSpec caseSpec(JsonNode c) {
        return SpecConfig.defaults().withLabels(caseLabels(c))
                .withThreshold(c.get("threshold").asDouble())
                .withFlatNer(c.get("flat_ner").asBoolean())
                .withMultiLabel(c.get("multi_label").asBoolean())
                .withWindow(c.get("max_window_words").asInt(), c.get("window_overlap_words").asInt());
    }

    /** Checks one case of a golden file against the model the file names. */
    @FunctionalInterface
    public interface GoldenCase {
        void check(Path model, JsonNode golden, JsonNode c) throws Exception;
    }

    /** One container per golden file, one test per case (named by its id). */
    public static List<DynamicNode> goldenTests(List<Path> files, GoldenCase check) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalStateException("no golden files in " + GOLDEN);
        }
        ObjectMapper json = new ObjectMapper();
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path file : files) {
            JsonNode golden = json.readTree(file.toFile());
            Path model = golden.has("model_dir") ? PROJECT.resolve(golden.get("model_dir").asText())
                    : MODELS.resolve(golden.get("model").asText());
            List<DynamicNode> cases = new ArrayList<>();
            for (JsonNode c : golden.get("cases")) {
                cases.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> check.check(model, golden, c)));
            }
            nodes.add(DynamicContainer.dynamicContainer(file.getFileName().toString(), cases));
        }
        return nodes;
    }
}
