package io.corpusgraph.pipeline.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.DocumentResult;
import io.corpusgraph.pipeline.Entity;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.TestModels;
import io.corpusgraph.pipeline.TokenClassParams;
import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.spec.SpecConfig;

/**
 * Every case of every {@code golden/<model>-bio.json}, computed by training/ (the PyTorch model and its own
 * implementation of docs/token-classification-contract.md), reproduced through the Extractor on the fp32 graph:
 * entities exactly (offsets, text, label), scores within 1e-4.
 */
class BioGoldenTest {
    private static final double TOLERANCE = 1e-4;

    @TestFactory
    List<DynamicNode> bioGoldens() throws IOException {
        List<Path> files = TestModels.bioGoldenFiles();
        List<DynamicNode> nodes = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path file : files) {
            JsonNode golden = json.readTree(file.toFile());
            Path model = model(golden);
            List<DynamicNode> cases = new ArrayList<>();
            for (JsonNode c : golden.get("cases")) {
                cases.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(model, c)));
            }
            nodes.add(DynamicContainer.dynamicContainer(file.getFileName().toString(), cases));
        }
        if (nodes.isEmpty()) {
            nodes.add(DynamicTest.dynamicTest("no -bio.json goldens yet",
                    () -> Assumptions.abort("no golden/<model>-bio.json in " + TestModels.GOLDEN)));
        }
        return nodes;
    }

    /** {@code model_dir} (relative to the project) when the file has it, else the test models, else sample-data/models. */
    private static Path model(JsonNode golden) {
        if (golden.has("model_dir")) {
            return TestModels.PROJECT.resolve(golden.get("model_dir").asText());
        }
        Path test = TestModels.MODELS.resolve(golden.get("model").asText());
        return Files.isDirectory(test) ? test : TestModels.PROJECT.resolve("sample-data/models").resolve(golden.get("model").asText());
    }

    static ExtractionSpec caseSpec(JsonNode c) {
        List<String> labels = null;
        if (c.hasNonNull("labels")) {
            labels = new ArrayList<>();
            for (JsonNode l : c.get("labels")) {
                labels.add(l.asText());
            }
        }
        return SpecConfig.defaults().withLabels(labels).withThreshold(c.get("threshold").asDouble())
                .withTokenClassification(new TokenClassParams(
                        TokenClassParams.Aggregation.valueOf(c.get("aggregation").asText().toUpperCase(Locale.ROOT)),
                        c.get("window_tokens").asInt(), c.get("stride").asInt()));
    }

    private static void check(Path model, JsonNode c) {
        ExtractionSpec spec = caseSpec(c);
        DocumentResult result = Extractor.shared(TestModels.cpu(model))
                .extract(List.of(new Document(c.get("name").asText(), c.get("text").asText())), spec).get(0);
        assertTrue(result.ok(), result.error());
        List<String> expected = new ArrayList<>();
        for (JsonNode e : c.get("entities")) {
            expected.add(e.get("start").asInt() + ".." + e.get("end").asInt() + " " + e.get("label").asText() + " '"
                    + e.get("text").asText() + "'");
        }
        List<String> actual = result.entities().stream()
                .map(e -> e.start() + ".." + e.end() + " " + e.label() + " '" + e.text() + "'").toList();
        assertEquals(expected, actual, "entities");
        for (int i = 0; i < expected.size(); i++) {
            Entity entity = result.entities().get(i);
            assertEquals(c.get("entities").get(i).get("score").asDouble(), entity.score(), TOLERANCE, "score of " + actual.get(i));
        }
    }
}
