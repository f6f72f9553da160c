package io.corpusgraph.pipeline;

import io.corpusgraph.pipeline.extract.Extractor;
import com.fasterxml.jackson.databind.JsonNode;
import io.corpusgraph.pipeline.RelationParams;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every case of the relation goldens ({@code <model>-relations.json}, written by training/make_goldens.py
 * from training/corpusgraph_train/relations.py and the PyTorch model): the entities (with windows that leave
 * room for relations), the number of relation passes, the relations (head, tail, relation exactly; scores
 * within 1e-4 relative) and the count of dropped ones.
 */
class RelationGoldenTest {
    private static final double RELATIVE_TOLERANCE = 1e-4;

    @TestFactory
    List<DynamicNode> relationGoldenFiles() throws IOException {
        return TestModels.goldenTests(TestModels.relationGoldenFiles(), (model, golden, c) -> check(model, c));
    }

    private void check(Path model, JsonNode c) {
        JsonNode r = c.get("relations");
        List<List<String>> schema = new ArrayList<>();
        r.get("schema").forEach(pair -> schema.add(strings(pair)));
        ExtractionSpec params = TestModels.caseSpec(c)
                .withRelations(new RelationParams(strings(r.get("labels")), schema, r.get("threshold").asDouble()));

        ExtractionStats stats = new ExtractionStats();
        DocumentResult result = Extractor.shared(TestModels.cpu(model))
                .extract(List.of(new Document(c.get("id").asText(), c.get("text").asText())), params, stats).get(0);
        assertTrue(result.ok(), result.error());
        assertEquals(c.get("windows").size(), result.windowCount(), "windows");

        List<String> expectedEntities = new ArrayList<>();
        c.get("entities").forEach(e -> expectedEntities.add(entity(e)));
        assertEquals(expectedEntities, result.entities().stream().map(RelationGoldenTest::entity).toList(), "entities");

        assertEquals(c.get("passes").size(), stats.get(Counter.RELATION_PASSES), "relation passes");
        List<String> expected = new ArrayList<>();
        c.get("relation_results").forEach(x -> expected.add(entity(x.get("head")) + " -" + x.get("relation").asText()
                + "-> " + entity(x.get("tail"))));
        List<String> actual = result.relations().stream()
                .map(x -> entity(x.head()) + " -" + x.relation() + "-> " + entity(x.tail())).toList();
        assertEquals(expected, actual, "relations");
        for (int i = 0; i < expected.size(); i++) {
            double want = c.get("relation_results").get(i).get("score").asDouble();
            assertEquals(want, result.relations().get(i).score(), RELATIVE_TOLERANCE * want, "score of " + actual.get(i));
            Relation relation = result.relations().get(i);
            assertSame(relation.head(), result.entities().get(result.entities().indexOf(relation.head())), "head is an entity");
            assertTrue(result.entities().contains(relation.tail()), "tail is an entity");
        }
        assertEquals(c.get("dropped").asInt(), result.droppedRelations(), "dropped relations");
    }

    private static String entity(JsonNode e) {
        return e.get("start").asInt() + ".." + e.get("end").asInt() + " " + e.get("label").asText() + " '" + e.get("text").asText() + "'";
    }

    private static String entity(Entity e) {
        return e.start() + ".." + e.end() + " " + e.label() + " '" + e.text() + "'";
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }
}
