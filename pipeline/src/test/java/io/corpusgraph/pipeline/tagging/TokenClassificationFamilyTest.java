package io.corpusgraph.pipeline.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corpusgraph.pipeline.Counter;
import io.corpusgraph.pipeline.Document;
import io.corpusgraph.pipeline.DocumentResult;
import io.corpusgraph.pipeline.Entity;
import io.corpusgraph.pipeline.ExtractionSpec;
import io.corpusgraph.pipeline.ExtractionStats;
import io.corpusgraph.pipeline.ModelDescription;
import io.corpusgraph.pipeline.ModelLoadException;
import io.corpusgraph.pipeline.RelationParams;
import io.corpusgraph.pipeline.SettingsException;
import io.corpusgraph.pipeline.TestModels;
import io.corpusgraph.pipeline.TokenClassParams;
import io.corpusgraph.pipeline.extract.Extractor;
import io.corpusgraph.pipeline.spec.SpecConfig;

/** The tiny BIO model through the Extractor: folder detection, labels from the model, quarantine, settings errors. */
class TokenClassificationFamilyTest {
    private static final List<String> TAGS = List.of("location", "misc", "organisation", "person");

    @TempDir
    Path temp;

    private static ExtractionSpec spec(List<String> labels) {
        return SpecConfig.defaults().withModel(TestModels.cpu(TestModels.BIO)).withLabels(labels).withThreshold(0.0);
    }

    @Test
    void theFolderIsTokenClassificationAndItsTagsAreItsLabels() {
        ModelDescription model = Extractor.describe(TestModels.BIO);
        assertTrue(model.tokenClassification());
        assertEquals(TAGS, model.tags());
        assertEquals(TAGS, Extractor.modelTags(TestModels.BIO));
        assertTrue(model.modelId().startsWith("tiny-bio@"), model.modelId());
        assertEquals("fp32", model.variant());
        assertNull(Extractor.modelTags(TestModels.SPAN));
    }

    @Test
    void aFolderOfNeitherKindNamesBothFiles() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        Files.writeString(empty.resolve("config.json"), "{\"hidden_size\": 8}");
        String message = assertThrows(ModelLoadException.class, () -> Extractor.describe(empty)).getMessage();
        assertTrue(message.contains("gliner_config.json") && message.contains("config.json with id2label"), message);
    }

    /** Unset labels (the bundled default) are all the model's tags; set, they filter; --labels person keeps persons. */
    @Test
    void labelsComeFromTheModelAndFilterIt() {
        assertEquals(TAGS, SpecConfig.read(Map.of("model.dir", TestModels.BIO.toString())).labels());
        assertEquals(List.of("person"), SpecConfig.read(Map.of("model.dir", TestModels.BIO.toString(),
                "extraction.labels", List.of("person"))).labels());
        assertEquals(TAGS, SpecConfig.read(Map.of("model.dir", TestModels.BIO.toString(), "extraction.labels", List.of())).labels());
        // GLiNER is unchanged: the default labels, and an empty list is an error.
        assertEquals(List.of("person", "organization", "location"), SpecConfig.read(Map.of()).labels());
        assertThrows(SettingsException.class, () -> SpecConfig.read(Map.of("extraction.labels", List.of())));

        String text = "Angela Merkel visited the Reuters office in Berlin.";
        List<Entity> persons = Extractor.shared(TestModels.cpu(TestModels.BIO))
                .extract(List.of(new Document("d", text)), spec(List.of("person"))).get(0).entities();
        assertTrue(persons.stream().allMatch(e -> e.label().equals("person")), persons.toString());
        List<Entity> all = Extractor.shared(TestModels.cpu(TestModels.BIO))
                .extract(List.of(new Document("d", text)), spec(null)).get(0).entities();
        assertTrue(all.size() > persons.size(), all.toString());
        for (Entity e : all) {
            int from = text.offsetByCodePoints(0, e.start());
            assertEquals(e.text(), text.substring(from, text.offsetByCodePoints(from, e.end() - e.start())));
        }
    }

    /**
     * A folder's default_threshold is the threshold when the setting is left at its bundled default (extraction and
     * evaluation alike); a threshold the user sets wins, even one equal to the default; a bad value is a load error.
     */
    @Test
    void theModelsDefaultThresholdAppliesUnlessTheThresholdIsSet() throws IOException {
        Path own = Files.createDirectories(temp.resolve("own-threshold"));
        try (var files = Files.list(TestModels.BIO)) {
            for (Path f : files.toList()) {
                Files.copy(f, own.resolve(f.getFileName()));
            }
        }
        String config = Files.readString(own.resolve("config.json"));
        Files.writeString(own.resolve("config.json"), config.replaceFirst("\\{", "{\"default_threshold\": 0.8,"));
        assertEquals(0.5, SpecConfig.read(Map.of("model.dir", TestModels.BIO.toString())).threshold());
        assertEquals(0.8, SpecConfig.read(Map.of("model.dir", own.toString())).threshold());
        assertEquals(0.5, SpecConfig.read(Map.of("model.dir", own.toString(), "extraction.threshold", 0.5)).threshold());
        assertEquals(0.3, SpecConfig.read(Map.of("model.dir", own.toString(), "extraction.threshold", "0.3")).threshold());
        com.typesafe.config.Config bundled = com.typesafe.config.ConfigFactory.parseMap(Map.of("model.dir", own.toString()))
                .withFallback(com.typesafe.config.ConfigFactory.parseResources(SpecConfig.RESOURCE)).resolve();
        assertEquals(0.8, SpecConfig.threshold(bundled, "evaluate.threshold", SpecConfig.model(bundled)));

        Files.writeString(own.resolve("config.json"), config.replaceFirst("\\{", "{\"default_threshold\": 1.5,"));
        String message = assertThrows(ModelLoadException.class, () -> SpecConfig.read(Map.of("model.dir", own.toString())))
                .getMessage();
        assertTrue(message.contains("default_threshold must be a number from 0 to 1"), message);
    }

    @Test
    void unknownLabelsRelationsAndStridesAreSettingsErrors() {
        String unknown = assertThrows(SettingsException.class,
                () -> Extractor.describe(TestModels.BIO, spec(List.of("person", "date")))).getMessage();
        assertTrue(unknown.contains("'date' is not a label") && unknown.contains("location, misc, organisation, person"), unknown);
        String relations = assertThrows(SettingsException.class, () -> Extractor.describe(TestModels.BIO,
                spec(List.of("person")).withRelations(new RelationParams(List.of("works for"), List.of(), 0.5)))).getMessage();
        assertTrue(relations.contains("no relations"), relations);
        String stride = assertThrows(SettingsException.class, () -> Extractor.describe(TestModels.BIO,
                spec(null).withTokenClassification(new TokenClassParams(TokenClassParams.Aggregation.FIRST, 16, 14)))).getMessage();
        assertTrue(stride.contains("stride = 14"), stride);
        // The same errors when extracting directly.
        assertThrows(SettingsException.class, () -> Extractor.shared(TestModels.cpu(TestModels.BIO))
                .extract(List.of(new Document("d", "x")), spec(List.of("person", "date"))));
    }

    /** Bad documents get a reason, their batch-mates their entities; a long document is read in several windows. */
    @Test
    void badDocumentsAreQuarantinedAndLongOnesWindowed() {
        String longText = String.join(" ", java.util.Collections.nCopies(40, "Angela Merkel visited Berlin."));
        ExtractionStats stats = new ExtractionStats();
        List<DocumentResult> results = Extractor.shared(TestModels.cpu(TestModels.BIO)).extract(Arrays.asList(
                new Document("empty", ""), new Document("blank", " \n\t "), new Document("null", null),
                new Document("ok", "Angela Merkel visited Berlin."), new Document("long", longText)),
                spec(null).withTokenClassification(new TokenClassParams(TokenClassParams.Aggregation.FIRST, 64, 16)), stats);
        assertEquals("empty text", results.get(0).error());
        assertEquals("empty text", results.get(1).error());
        assertEquals("null text", results.get(2).error());
        assertTrue(results.get(3).ok());
        assertTrue(results.get(4).ok());
        assertTrue(results.get(4).windowCount() > 1);
        assertEquals(5, stats.get(Counter.DOCUMENTS));
        assertEquals(3, stats.get(Counter.QUARANTINED));
        assertEquals(1 + results.get(4).windowCount(), stats.get(Counter.WINDOWS));
        // Windows never overlap in the result: the merge keeps one entity per place.
        List<Entity> entities = results.get(4).entities();
        for (int i = 1; i < entities.size(); i++) {
            assertTrue(entities.get(i).start() >= entities.get(i - 1).end(), entities.toString());
        }
    }
}
